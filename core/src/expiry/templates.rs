//! An engine's expiry templates, found by name through a hash index built
//! at load: a sweep names a template per lead, so a scan of the templates
//! per lead would make its cost the product of leads and templates.

use std::collections::HashMap;

use crate::expiry::{Template, DEFAULT_TEMPLATE};

/// The templates in definition order (a template's code is its position),
/// always including `default`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Templates {
    list: Vec<(Box<str>, Template)>,
    codes: HashMap<Box<str>, u32>,
}

impl Templates {
    /// The configured templates, plus the built-in `default` unless the
    /// config redefines it, so that a lead naming no template always finds
    /// one. A name defined twice (which validation refuses) keeps its
    /// first definition, as a scan would.
    pub(crate) fn new(templates: Vec<(String, Template)>) -> Templates {
        let mut list: Vec<(Box<str>, Template)> = templates
            .into_iter()
            .map(|(name, t)| (name.into_boxed_str(), t))
            .collect();
        let mut codes = HashMap::with_capacity(list.len() + 1);
        // Codes are `u32`: a config holds far fewer templates than that
        // (1 GiB of text); any beyond are left without a code.
        for (code, (name, _)) in (0..u32::MAX).zip(&list) {
            codes.entry(name.clone()).or_insert(code);
        }
        if !codes.contains_key(DEFAULT_TEMPLATE) {
            if let Ok(code) = u32::try_from(list.len()) {
                codes.insert(DEFAULT_TEMPLATE.into(), code);
                list.push((DEFAULT_TEMPLATE.into(), Template::default()));
            }
        }
        Templates { list, codes }
    }

    /// The code of the template `name`.
    pub(crate) fn code(&self, name: &str) -> Option<u32> {
        self.codes.get(name).copied()
    }

    /// The template `name`.
    pub(crate) fn get(&self, name: &str) -> Option<&Template> {
        self.by_code(self.code(name)?)
    }

    /// The template of code `code`.
    pub(crate) fn by_code(&self, code: u32) -> Option<&Template> {
        self.list.get(usize::try_from(code).ok()?).map(|(_, t)| t)
    }

    /// The names in code order.
    pub(crate) fn names(&self) -> impl Iterator<Item = &str> {
        self.list.iter().map(|(name, _)| &**name)
    }
}

#[cfg(test)]
mod tests {
    use super::Templates;
    use crate::duration::Period;
    use crate::expiry::Template;

    fn template(days: i64) -> Template {
        Template {
            pending: Period {
                days,
                seconds: 0,
                has_weeks: false,
            },
            ..Template::default()
        }
    }

    /// Cost finding 7 (RELIABILITY.md#cost): a template was found by scanning
    /// them all per lead. Names now go through the index; codes are positions.
    #[test]
    fn names_and_codes_are_found_through_the_index() {
        let named = (0..50_000)
            .map(|i| (format!("t{i}"), template(i % 90 + 1)))
            .collect();
        let templates = Templates::new(named);
        assert_eq!(templates.codes.len(), 50_001);
        assert_eq!(templates.code("t49999"), Some(49_999));
        assert_eq!(templates.get("t49999"), Some(&template(49_999 % 90 + 1)));
        assert_eq!(templates.code("default"), Some(50_000));
        assert_eq!(templates.get("default"), Some(&Template::default()));
        assert_eq!(templates.get("t50000"), None);
        assert_eq!(templates.by_code(50_001), None);
        assert_eq!(templates.names().nth(2), Some("t2"));
    }

    #[test]
    fn a_redefined_default_replaces_the_built_in_and_the_first_of_two_wins() {
        let templates = Templates::new(vec![
            ("x".into(), template(1)),
            ("default".into(), template(2)),
            ("x".into(), template(3)),
        ]);
        assert_eq!(templates.names().count(), 3);
        assert_eq!(templates.get("default"), Some(&template(2)));
        assert_eq!(templates.get("x"), Some(&template(1)));
        assert_eq!(templates.code("x"), Some(0));
    }
}
