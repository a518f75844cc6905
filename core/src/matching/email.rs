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
    let mut value = String::new();
    email_into(text, &mut value).then_some(value)
}

/// [`email`], written at the end of `out` (the lower-cased text, cut down
/// in place); `false` (and nothing left written) for no value.
pub(crate) fn email_into(text: &str, out: &mut String) -> bool {
    let start = out.len();
    let written = cut(text, out, start);
    if !written {
        out.truncate(start);
    }
    written
}

/// Writes the lower-cased, trimmed `text` at `start` of `out` and cuts it
/// down to the value; `false` when there is none.
fn cut(text: &str, out: &mut String, start: usize) -> bool {
    let text = text.trim();
    if text.is_ascii() {
        out.extend(text.chars().map(|c| c.to_ascii_lowercase()));
    } else {
        // The whole string's lower case (a final sigma reads its neighbours).
        out.push_str(&text.to_lowercase());
    }
    let Some(lower) = out.get(start..) else {
        return false;
    };
    let Some(at) = lower.find('@') else {
        return false;
    };
    let Some(domain) = lower.get(at + 1..) else {
        return false;
    };
    if domain.contains('@') || !domain.contains('.') {
        return false;
    }
    let gmail = GMAIL.contains(&domain);
    let kept = lower.get(..at).and_then(|local| local.find('+')).unwrap_or(at);
    if gmail {
        // Dots out of the kept local part, the domain spelled gmail.com.
        out.truncate(start + kept);
        while let Some(dot) = out.get(start..).and_then(|local| local.rfind('.')) {
            out.remove(start + dot);
        }
        if out.len() == start {
            return false;
        }
        out.push('@');
        out.push_str(GMAIL_DOMAIN);
        return true;
    }
    if kept == 0 {
        return false;
    }
    out.replace_range(start + kept..start + at, "");
    true
}

/// The one spelling of Gmail's domains in a match value.
const GMAIL_DOMAIN: &str = "gmail.com";

#[cfg(test)]
mod tests {
    use super::{email, GMAIL};

    /// The steps as the contract lists them.
    fn email_reference(text: &str) -> Option<String> {
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
        (!local.is_empty()).then(|| format!("{local}@{domain}"))
    }

    proptest::proptest! {
        #[test]
        fn cut_in_place_as_the_steps_do(
            text in "[ a-zA-Z.+@ΣÉ]{0,6}(@|@gmail\\.com|@GoogleMail\\.com|@x\\.in)?[ .+]{0,2}"
        ) {
            proptest::prop_assert_eq!(email(&text), email_reference(&text));
        }
    }

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
