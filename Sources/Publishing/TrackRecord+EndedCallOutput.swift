extension TrackRecord {
    /// What a build wrote of an ended call: its row of the page (`track-record-call.mustache`)
    /// and its member of `track-record.json`. An ended call never changes, so a later build under
    /// the same templates writes these bytes again instead of rendering the call: a night then
    /// renders its open and newly ended calls only, and costs the same in year five as in week one.
    public struct EndedCallOutput: Sendable {
        public var row: ArraySlice<UInt8>
        public var object: ArraySlice<UInt8>

        public init(row: ArraySlice<UInt8>, object: ArraySlice<UInt8>) {
            self.row = row
            self.object = object
        }
    }
}
