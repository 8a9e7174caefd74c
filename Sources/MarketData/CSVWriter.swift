import Core

/// Writes a series in the layout `CSVReader` reads: `Date,Open,High,Low,Close[,Volume]`.
public enum CSVWriter {
    public static func csv(_ series: Series) -> String {
        var out = series.volume == nil ? "Date,Open,High,Low,Close\n" : "Date,Open,High,Low,Close,Volume\n"
        out.reserveCapacity(series.count * 48)
        for index in 0..<series.count {
            out += series.dates[index].iso
            for value in [series.open[index], series.high[index], series.low[index], series.close[index]] {
                out += ","
                out += NumberText.shortest(value)
            }
            if let volume = series.volume {
                // A missing volume (an empty cell where it was read) stays an empty cell.
                out += ","
                if !volume[index].isNaN { out += NumberText.shortest(volume[index]) }
            }
            out += "\n"
        }
        return out
    }
}

