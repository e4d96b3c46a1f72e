/// The decision recorder takes the decision point's records.
extension DecisionRecorder: DecisionRecordSink {}
