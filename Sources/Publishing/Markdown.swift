import CCmark

/// CommonMark to HTML through libcmark. Raw HTML in the source is dropped unless allowed.
public enum Markdown {
    public static func html(_ source: String, allowRawHTML: Bool = false) -> String {
        var options = CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_SMART
        if allowRawHTML { options |= CMARK_OPT_UNSAFE }
        let bytes = Array(source.utf8)
        guard let rendered = cmark_markdown_to_html(bytes, bytes.count, options) else { return "" }
        defer { free(rendered) }
        return String(cString: rendered)
    }
}

import Foundation
