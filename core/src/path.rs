//! Paths to a field inside a JSON document, built on the stack while reading
//! and rendered to text (`lead.org`, `orgs[1].parent`) only when an error
//! needs one, so the happy path never allocates for them.

/// A location in a JSON document: the root, a key below a parent, or an
/// index below a parent.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Path<'a> {
    /// The document root (renders as the empty string).
    Root,
    /// `parent.key`
    Key(&'a Path<'a>, &'a str),
    /// `parent[index]`
    Index(&'a Path<'a>, usize),
}

impl<'a> Path<'a> {
    /// The child path `self.key`.
    pub(crate) fn key(&'a self, key: &'a str) -> Path<'a> {
        Path::Key(self, key)
    }

    /// The child path `self[index]`.
    pub(crate) fn index(&'a self, index: usize) -> Path<'a> {
        Path::Index(self, index)
    }

    /// Renders the path; iterative so that deep documents cannot overflow.
    pub(crate) fn render(&self) -> String {
        let mut segments = Vec::new();
        let mut at = self;
        loop {
            match at {
                Path::Root => break,
                Path::Key(parent, key) => {
                    segments.push(Segment::Key(key));
                    at = parent;
                }
                Path::Index(parent, index) => {
                    segments.push(Segment::Index(*index));
                    at = parent;
                }
            }
        }
        let mut out = String::new();
        for segment in segments.iter().rev() {
            match segment {
                Segment::Key(key) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(key);
                }
                Segment::Index(index) => {
                    out.push('[');
                    out.push_str(&index.to_string());
                    out.push(']');
                }
            }
        }
        out
    }
}

enum Segment<'a> {
    Key(&'a str),
    Index(usize),
}

#[cfg(test)]
mod tests {
    use super::Path;

    #[test]
    fn renders_keys_and_indexes() {
        let root = Path::Root;
        let orgs = root.key("orgs");
        let first = orgs.index(1);
        let parent = first.key("parent");
        assert_eq!(parent.render(), "orgs[1].parent");
        assert_eq!(root.render(), "");
        let top_index = root.index(0);
        assert_eq!(top_index.render(), "[0]");
    }
}
