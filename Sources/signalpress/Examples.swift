/// Every command's `--help` examples, in one place so they read as one manual; a test parses each
/// one, so an example can never name an option that no longer exists.
enum Examples {
    static func text(_ lines: String...) -> String { "Examples:\n" + lines.map { "  " + $0 }.joined(separator: "\n") }

    static let initialize = text("# a project with sample data, ready to build", "signalpress init my-signals",
                                 "signalpress init ~/signals && cd ~/signals && signalpress serve")
    static let build = text("# the project in the current directory, into site/", "signalpress build",
                            "signalpress build --project ~/signals --jobs 4 --quiet --today 2026-11-27",
                            "signalpress build --as-of 2026-11-27 --output /tmp/preview --log-format json")
    static let check = text("# exit 1 and every problem listed, nothing written", "signalpress check",
                            "signalpress check --project ~/signals --as-of 2026-11-27")
    static let clean = text("# site/, the preview and the market cache", "signalpress clean",
                            "# everything; back up first (docs/nightly.md)", "signalpress clean --ledger-too --keys-too")
    static let newNote = text("# content/notes/<next trading day>.md", "signalpress new note",
                              "signalpress new note 2026-12-01 --title \"Fed day\"")
    static let newPage = text("signalpress new page faq --title \"Questions\"",
                              "signalpress new page methodology --tier pro   # only pro and above see it")
    static let backup = text("# ledger and public keys", "signalpress backup /mnt/backups/signals-2026-11-30",
                             "# and the private keys, 0600", "signalpress backup /mnt/backups/signals-keys --include-keys")
    static let restore = text("# signed by a key in site/keys/", "signalpress restore /mnt/backups/signals-2026-11-30",
                              "signalpress restore /mnt/backups/keys --project ~/signals --public-key k.pub")
    static let backfill = text("# every trading day since, one edition each", "signalpress backfill --from 2026-01-02",
                               "signalpress backfill --from 2026-06-01 --to 2026-06-30 --jobs 4")
    static let editionsList = text("signalpress editions list", "signalpress editions list --tier pro --format json")
    static let editionsShow = text("signalpress editions show 2026-11-27 --tier pro",
                                   "signalpress editions show 2026-11-27 --tier free --project ~/signals")
    static let editionsRevise = text("# after the provider fixed a close", "signalpress editions revise 2026-11-25 --tier pro --reason \"Bad close\"",
                                     "signalpress editions revise 2026-11-25 --tier free --reason \"Bad data\"")
    static let editionsRetract = text("signalpress editions retract 2026-11-25 --tier pro --reason \"Sent in error\"",
                                      "signalpress editions retract 2026-11-25 --tier free --reason \"Wrong day\"")
    static let completion = text("signalpress completion bash > /etc/bash_completion.d/signalpress",
                                 "signalpress completion zsh > \"${fpath[1]}/_signalpress\"",
                                 "signalpress completion fish > ~/.config/fish/completions/signalpress.fish")
    static let fetch = text("# refresh the cache (data.source: http)", "signalpress fetch",
                            "signalpress fetch --to 2026-11-27 --strict")
    static let analyze = text("signalpress analyze content/data/AAPL.csv",
                              "signalpress analyze content/data/AAPL.csv --format json")
    static let sampleData = text("signalpress sample-data --out content/data --symbols 50 --days 2520",
                                 "signalpress sample-data --out /tmp/data --seed 7 --names ACME GLOBEX")
    static let verify = text("signalpress verify pro-2026-11-27.zip --public-key signing.pub",
                             "# every day", "signalpress verify site/bundles/pro/*/*.zip --public-key signing.pub",
                             "# every edition of every tier, and the chain linking them",
                             "signalpress verify --archive site --public-key site/keys/signing.pub")
    static let links = text("# the latest bundle, for gating.link_ttl_seconds", "signalpress links --subscriber alice",
                            "signalpress links --subscriber alice --date 2026-11-27 --ttl 3600")
    static let emailRender = text("# a preview of the pro edition", "signalpress email render --tier pro --output pro.eml",
                                  "signalpress email render --tier pro --subscriber alice > alice.eml")
    static let emailExport = text("signalpress email export --target postmark --output postmark",
                                  "signalpress email export --target listmonk --list free=1 --output lm")
    static let send = text("# each tier's newest edition to its subscribers", "signalpress send", "signalpress send --date 2026-11-27")
    static let deliver = text("# emails and alerts; run it from a timer every 5 minutes", "signalpress deliver",
                              "signalpress deliver --status")
    static let subscribersSetEmail = text("signalpress subscribers set-email alice off", "signalpress subscribers set-email bob on    # after a bounce too")
    static let subscribersAddEndpoint = text("signalpress subscribers add-endpoint al --kind webhook --url https://a.io/in",
                                             "signalpress subscribers add-endpoint bo --kind discord --url https://b.io/h")
    static let keysGenerate = text("signalpress keys generate", "signalpress keys generate --project ~/signals")
    static let keysRotate = text("# new manifests are signed by the new key", "signalpress keys rotate",
                                 "signalpress keys rotate --project ~/signals")
    static let keysList = text("signalpress keys list", "signalpress keys list --project ~/signals")
    static let subscribersAdd = text("signalpress subscribers add --id alice --email alice@example.com --tier pro",
                                     "signalpress subscribers add --id bob --email bob@example.com --tier free")
    static let subscribersList = text("signalpress subscribers list", "signalpress subscribers list --format csv > subscribers.csv")
    static let subscribersSetTier = text("signalpress subscribers set-tier alice enterprise", "signalpress subscribers set-tier bob pro")
    static let subscribersDisable = text("signalpress subscribers disable bob    # no more links; billing stops", "signalpress subscribers disable alice")
    static let subscribersRevoke = text("signalpress subscribers revoke alice    # then build", "signalpress subscribers revoke bob")
    static let subscribersEnable = text("signalpress subscribers enable bob", "signalpress subscribers enable alice")
    static let usageReport = text("signalpress usage report --period 2026-11", "signalpress usage report --period 2026-11 --sharing")
    static let usageIngest = text("# the format is detected", "signalpress usage ingest /var/log/nginx/signalpress.access.log",
                                  "signalpress usage ingest cloudfront.log --format cloudfront")
    static let billingExport = text("signalpress billing export --period 2026-11 --target stripe --out s.jsonl",
                                    "signalpress billing export --period 2026-11 --target lago --resend")
    static let billingReport = text("signalpress billing report --period 2026-11",
                                    "signalpress billing report --period 2026-11 --format csv > 2026-11.csv")
    static let nginx = text("signalpress deploy-config nginx --write-secret-file > /etc/nginx/sp.conf",
                            "signalpress deploy-config nginx --root /srv/site --server-name example.com")
    static let cloudflare = text("signalpress deploy-config cloudflare > worker.js",
                                 "signalpress deploy-config cloudflare --project ~/signals > worker.js",
                                 "# wrangler.toml: main = \"worker.js\"; [assets] directory = \"site\",",
                                 "#   binding = \"ASSETS\", run_worker_first = true",
                                 "# then: npx wrangler secret put SIGNALPRESS_LINK_SECRET; npx wrangler deploy")
    static let cloudfront = text("# a cloudfront-js-2.0 function on viewer-request; its key value store",
                                 "# holds the secret under the name gating.secret_env gives",
                                 "signalpress deploy-config cloudfront > gate.js",
                                 "signalpress deploy-config cloudfront --headers-policy > headers.json",
                                 "# then: aws cloudfront create-response-headers-policy \\",
                                 "#   --response-headers-policy-config file://headers.json")
    static let serve = text("# http://127.0.0.1:8000/, the public site", "signalpress serve",
                            "# what a pro subscriber unzips, on a free port", "signalpress serve --tier pro --port 0",
                            "signalpress serve --project ~/signals --interval 1")
    static let benchIndicators = text("signalpress bench-indicators", "signalpress bench-indicators --symbols 2000 --days 2520 --repeats 3")
}
