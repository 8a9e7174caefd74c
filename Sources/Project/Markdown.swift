import CCmark

/// CommonMark to HTML through libcmark. Raw HTML in the source is dropped unless allowed, and
/// the lines it was dropped from are reported, so a publisher hears about it.
public enum Markdown {
    public static func html(_ source: String, allowRawHTML: Bool = false) -> String {
        render(source, allowRawHTML: allowRawHTML).html
    }

    /// The HTML, and the source lines (1-based) whose raw HTML was left out.
    public static func render(_ source: String, allowRawHTML: Bool) -> (html: String, droppedHTMLLines: [Int]) {
        var options = CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_SMART
        if allowRawHTML { options |= CMARK_OPT_UNSAFE }
        let bytes = Array(source.utf8)
        guard let document = cmark_parse_document(bytes, bytes.count, options) else { return ("", []) }
        defer { cmark_node_free(document) }
        var dropped: [Int] = []
        if !allowRawHTML, let iterator = cmark_iter_new(document) {
            defer { cmark_iter_free(iterator) }
            while cmark_iter_next(iterator) != CMARK_EVENT_DONE {
                guard var node = cmark_iter_get_node(iterator), cmark_iter_get_event_type(iterator) == CMARK_EVENT_ENTER else { continue }
                let type = cmark_node_get_type(node)
                guard type == CMARK_NODE_HTML_BLOCK || type == CMARK_NODE_HTML_INLINE else { continue }
                // Inline nodes may carry no position of their own: their block's line is the place to look.
                while cmark_node_get_start_line(node) == 0, let parent = cmark_node_parent(node) { node = parent }
                let line = Int(cmark_node_get_start_line(node))
                if dropped.last != line { dropped.append(line) }
            }
        }
        guard let rendered = cmark_render_html(document, options) else { return ("", dropped) }
        defer { free(rendered) }
        return (String(cString: rendered), dropped)
    }
}

import Foundation
