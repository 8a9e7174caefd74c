/// Escaping that copies the runs of bytes needing nothing whole, for text of tens of kilobytes
/// (a feed escapes every report it carries, every night): byte by byte, appending was most of
/// the work.
enum EscapedRuns {
    /// Appends `text`, each byte from `plainFrom` up (but `except`) copied as it is, and every
    /// other byte as `replace` says: what to write and how many bytes that stands for, or nil to
    /// copy it too.
    @inline(__always)
    static func append(_ text: String, to out: inout [UInt8], plainFrom: UInt8, except: UInt8,
                       replace: (UnsafeBufferPointer<UInt8>, Int) -> (text: String, length: Int)?) {
        var text = text
        text.withUTF8 { bytes in
            out.reserveCapacity(out.count + bytes.count + bytes.count / 8)
            var (start, index) = (0, 0)
            while index < bytes.count {
                let byte = bytes[index]
                if byte >= plainFrom && byte != except { index += 1; continue }
                guard let replacement = replace(bytes, index) else { index += 1; continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                out += replacement.text.utf8
                index += replacement.length
                start = index
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
        }
    }
}
