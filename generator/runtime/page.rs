//! One page of a list operation. Part of the runtime that `flex-codegen` copies into every crate
//! it generates.

use crate::expandable::Identified;
use std::ops::Deref;

/// One page of a list: its items, and what is needed to ask for the next one.
///
/// A page derefs to a slice of its items and iterates over them. To read the page after it, send
/// the same parameters again with the cursor (`starting_after`) set to [`Page::next_cursor`]:
///
/// ```text
/// let mut params = ListCustomersParams { limit: Some(50), ..Default::default() };
/// loop {
///     let page = client.list_customers(&params).await?;
///     for customer in &page { /* ... */ }
///     match page.next_cursor() {
///         Some(cursor) => params.starting_after = Some(cursor.to_owned()),
///         None => break,
///     }
/// }
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Page<T> {
    items: Vec<T>,
    limit: Option<u64>,
}

impl<T> Page<T> {
    /// A page of `items`, fetched with page size `limit` (the one sent, or the API's default).
    pub(crate) fn new(items: Vec<T>, limit: Option<u64>) -> Self {
        Page { items, limit }
    }

    /// The items, in the order the API sent them.
    pub fn items(&self) -> &[T] {
        &self.items
    }

    /// The items, owned.
    pub fn into_items(self) -> Vec<T> {
        self.items
    }

    /// The page size this page was asked for with, when it is known.
    pub fn limit(&self) -> Option<u64> {
        self.limit
    }

    /// Whether no page follows this one: it is empty, or shorter than the page size asked for.
    /// The API says nothing like `has_more`, so a full page is taken to have a successor, which
    /// may turn out empty. With no known page size, only an empty page is the last.
    pub fn is_last(&self) -> bool {
        match self.limit {
            _ if self.items.is_empty() => true,
            Some(limit) => (self.items.len() as u64) < limit,
            None => false,
        }
    }
}

impl<T: Identified> Page<T> {
    /// The cursor of the next page: the ID of this page's last item, or `None` when this is the
    /// last page (see [`Page::is_last`]) or its last item has no ID.
    pub fn next_cursor(&self) -> Option<&str> {
        if self.is_last() {
            return None;
        }
        self.items.last().and_then(Identified::object_id)
    }
}

impl<T> Deref for Page<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        &self.items
    }
}

impl<T> IntoIterator for Page<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a Page<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

impl<T> From<Page<T>> for Vec<T> {
    fn from(page: Page<T>) -> Self {
        page.items
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Item(&'static str);

    impl Identified for Item {
        fn object_id(&self) -> Option<&str> {
            Some(self.0)
        }
    }

    #[test]
    fn a_full_page_points_at_its_last_item() {
        let page = Page::new(vec![Item("a"), Item("b")], Some(2));
        assert!(!page.is_last());
        assert_eq!(page.next_cursor(), Some("b"));
    }

    #[test]
    fn a_short_or_empty_page_is_the_last() {
        assert_eq!(Page::new(vec![Item("a")], Some(2)).next_cursor(), None);
        assert_eq!(Page::<Item>::new(vec![], Some(2)).next_cursor(), None);
        assert_eq!(Page::<Item>::new(vec![], None).next_cursor(), None);
    }

    #[test]
    fn without_a_page_size_only_an_empty_page_ends() {
        assert_eq!(Page::new(vec![Item("a")], None).next_cursor(), Some("a"));
    }
}
