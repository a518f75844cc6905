//! Paths to a field inside a JSON document, built on the stack while reading
//! and rendered to text (`lead.org`, `orgs[1].parent`) only when an error
//! needs one, so the happy path never allocates for them.

use std::fmt::Write;

use smallvec::SmallVec;

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
    /// Rendered once per config problem (100k of them in a 1 MiB config),
    /// so the steps stay on the stack and the text is allocated once.
    pub(crate) fn render(&self) -> String {
        let mut segments: SmallVec<[PathSegment<'_>; 8]> = SmallVec::new();
        let mut at = self;
        let mut len = 0;
        loop {
            match at {
                Path::Root => break,
                Path::Key(parent, key) => {
                    segments.push(PathSegment::Key(key));
                    len += key.len() + 1;
                    at = parent;
                }
                Path::Index(parent, index) => {
                    segments.push(PathSegment::Index(*index));
                    len += 4;
                    at = parent;
                }
            }
        }
        let mut out = String::with_capacity(len);
        push_path(&mut out, segments.into_iter().rev());
        out
    }
}

/// One step of a path: a key of an object or an index of an array.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathSegment<'a> {
    /// An object key (rendered `.key`, without the dot at the start).
    Key(&'a str),
    /// An array index (rendered `[index]`).
    Index(usize),
}

/// Appends `segments` (root first) to `out` in the protocol's path syntax,
/// `orgs[1].parent`, so that bindings reporting their own paths (a Python
/// value that is not JSON) write them exactly as core does.
pub fn push_path<'a>(out: &mut String, segments: impl IntoIterator<Item = PathSegment<'a>>) {
    for segment in segments {
        match segment {
            PathSegment::Key(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            PathSegment::Index(index) => {
                // Into `out` directly: writing to a String cannot fail.
                let _ = write!(out, "[{index}]");
            }
        }
    }
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
