/// `sign-in/index.html` and `sign-in/expired/index.html` on the public site: where a reader
/// turned away from the members' area lands, what each area adds, and how to get a link.
public struct SignInView: TemplateView {
    /// One paid tier's members' area.
    public struct Area: TemplateView {
        let id: String
        let name: String
        /// `14 symbols`.
        let symbolCount: String
    }

    let areas: [Area]
    /// How long a sign-in link lasts: `7 days`.
    let linkLife: String
    /// The expired page: the link's time is up.
    let expired: Bool
}

extension SignInView {
    public func child(named name: String) -> Any? {
        switch name {
        case "areas": areas
        case "linkLife": linkLife
        case "expired": expired
        default: nil
        }
    }
}

extension SignInView.Area {
    public func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "name": self.name
        case "symbolCount": symbolCount
        default: nil
        }
    }
}
