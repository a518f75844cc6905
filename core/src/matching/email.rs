//! The `email` match value: trimmed, lower-cased, a `+tag` cut from the
//! local part, and for Gmail (gmail.com, googlemail.com) the local part's
//! dots removed and the domain written gmail.com, since Gmail delivers
//! every such spelling to one mailbox. A value without exactly one `@`, or
//! without a dot in its domain, gives none; so does one whose local part
//! is empty once its tag is cut.

/// The domains Gmail serves, spelled as one.
const GMAIL: [&str; 2] = ["gmail.com", "googlemail.com"];

/// The match value of the e-mail address `text`, if it has one.
pub fn email(text: &str) -> Option<String> {
    let lower = text.trim().to_lowercase();
    let (local, domain) = lower.split_once('@')?;
    if domain.contains('@') || !domain.contains('.') {
        return None;
    }
    let local = local.split_once('+').map_or(local, |(kept, _tag)| kept);
    let (local, domain) = if GMAIL.contains(&domain) {
        (local.replace('.', ""), "gmail.com")
    } else {
        (local.to_owned(), domain)
    };
    if local.is_empty() {
        return None;
    }
    Some(format!("{local}@{domain}"))
}

#[cfg(test)]
mod tests {
    use super::email;

    #[test]
    fn tags_and_gmail_dots_go_and_malformed_values_give_nothing() {
        assert_eq!(
            email("  Jane.Doe+crm@GoogleMail.com ").as_deref(),
            Some("janedoe@gmail.com")
        );
        assert_eq!(
            email("jane.doe+x@acme.co.uk").as_deref(),
            Some("jane.doe@acme.co.uk")
        );
        for bad in [
            "jane",
            "a@b@c.com",
            "jane@localhost",
            "+tag@acme.com",
            "",
            "@acme.com",
        ] {
            assert_eq!(email(bad), None, "{bad}");
        }
    }
}
