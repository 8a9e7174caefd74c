import Project

extension UnsubscribeLink {
    /// What a reader who clicks the email's unsubscribe link sees: a button that sends the same
    /// POST a mail client's one-click unsubscribe sends. A GET unsubscribes no one, since mail
    /// scanners open every link of a message.
    public static let confirmationPage = """
        <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">\
        <meta name="robots" content="noindex"><title>Unsubscribe</title></head><body><h1>Unsubscribe from the email edition</h1>\
        <p>Press the button to stop the daily email. Your subscription, your links and the members area stay as they are.</p>\
        <form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form></body></html>
        """

    /// What the edge functions answer the POST with.
    public static let donePage = """
        <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>Unsubscribed</title></head>\
        <body><h1>You are unsubscribed</h1><p>No more emails of this edition will be sent to you, from the next one on.</p></body></html>
        """

    /// The page's own policy: the site's, but a form may post back to this address.
    public static let contentSecurityPolicy = "default-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

    /// The nginx location: the POST answered 204 (and logged for `usage ingest`), a GET with the
    /// confirmation page, anything else refused.
    public static func nginxLocation(sitePath: String) -> String {
        """
            # One-click unsubscribe (RFC 8058): a mail client's POST is answered 204 and logged, and
            # `usage ingest` turns it into the subscriber's email: off. A GET gets the button that sends it.
            location = \(sitePath)\(path) {
                if ($request_method !~ ^(GET|HEAD|POST)$) { return 405; }
                if ($request_method = POST) { return 204; }
                default_type text/html;
                add_header Content-Security-Policy "\(contentSecurityPolicy)" always;
                add_header Cache-Control "no-store" always;
                add_header X-Content-Type-Options "nosniff" always;
                add_header Referrer-Policy "no-referrer" always;
                return 200 '\(confirmationPage)';
            }

        """
    }

    /// The edge functions' answer, in JavaScript: `unsubscribeAnswer(method)` is `[status, page]`
    /// for the unsubscribe address (POST 200 with the done page, GET the button, else 405).
    public static func edgeScript(sitePath: String) -> String {
        """
        const UNSUBSCRIBE_PATH = \(EdgeFunction.quoted(sitePath + path));
        const UNSUBSCRIBE_POLICY = \(EdgeFunction.quoted(contentSecurityPolicy));

        // One-click unsubscribe (RFC 8058): the POST is answered and logged, and `usage ingest`
        // turns it into the subscriber's email: off. A GET gets the button that sends it.
        function unsubscribeAnswer(rawPath, method) {
          const path = canonicalPath(rawPath);
          if (path === null || path + "/" !== UNSUBSCRIBE_PATH) return null;
          if (method === "POST") return [200, \(EdgeFunction.quoted(donePage))];
          if (method === "GET" || method === "HEAD") return [200, \(EdgeFunction.quoted(confirmationPage))];
          return [405, "method not allowed"];
        }

        """
    }
}
