//! One page of a list operation, and every item of a list as a stream of pages read one after
//! another. Part of the runtime that `flex-codegen` copies into every crate it generates.

use crate::Error;
use crate::expandable::Identified;
use futures_core::Stream;
use std::future::Future;
use std::ops::Deref;
use std::pin::Pin;
use std::task::{Context, Poll};

/// One page of a list: its items, and what is needed to ask for the next one.
///
/// A page derefs to a slice of its items and iterates over them. To read the page after it, send
/// the same parameters again with the cursor (`starting_after`) set to [`Page::next_cursor`]:
///
/// ```text
/// let mut params = ListCustomersParams::new().limit(50);
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

/// Every item of a list, read page after page: what the generated `*_stream` methods return.
///
/// `fetch` reads one page with the parameters it is given (a normal call: retries, options and
/// errors apply to each page); `set_cursor` sets the cursor parameter of the next request to
/// [`Page::next_cursor`]. Everything else the caller set, `limit` included, is sent unchanged
/// with every page.
///
/// The stream is lazy: a page is requested only when the stream is polled and the items of the
/// one before have all been yielded, so a stream dropped part-way sends no further request.
/// After an error (which is yielded once) the stream ends.
pub(crate) fn paginate<P, T, F, Fut>(
    params: P,
    fetch: F,
    set_cursor: fn(&mut P, String),
) -> impl Stream<Item = Result<T, Error>>
where
    P: Clone,
    T: Identified,
    F: Fn(P) -> Fut,
    Fut: Future<Output = Result<Page<T>, Error>>,
{
    Pages {
        next: Some(params),
        fetch,
        set_cursor,
        pending: None,
        items: Vec::new().into_iter(),
        last_cursor: None,
        failed: None,
    }
}

/// The state of [`paginate`].
struct Pages<P, T, F, Fut> {
    /// The parameters of the next page to request; `None` once no page follows.
    next: Option<P>,
    fetch: F,
    set_cursor: fn(&mut P, String),
    /// The request for the next page, while it is under way.
    pending: Option<Pin<Box<Fut>>>,
    /// The items of the last page not yet yielded.
    items: std::vec::IntoIter<T>,
    /// The cursor the last request was sent with, to catch a server that sends it back.
    last_cursor: Option<String>,
    /// An error to yield once the items before it are out.
    failed: Option<Error>,
}

// No field is ever pinned in place (the one future is boxed), so moving `Pages` is always sound.
impl<P, T, F, Fut> Unpin for Pages<P, T, F, Fut> {}

impl<P, T, F, Fut> Pages<P, T, F, Fut>
where
    T: Identified,
{
    /// Takes in a page that arrived: its items are yielded next, then, if a page follows, the
    /// next request is sent with its cursor. A page that cannot be followed although it is full
    /// ends the stream with an error after its items.
    fn take_page(&mut self, page: Page<T>) {
        if let Some(params) = self.next.as_mut() {
            if page.is_last() {
                self.next = None;
            } else {
                match page.next_cursor().map(str::to_owned) {
                    None => {
                        self.next = None;
                        self.failed = Some(Error::Pagination(
                            "the last item of a full page has no ID to continue from".to_owned(),
                        ));
                    }
                    Some(cursor) if self.last_cursor.as_deref() == Some(cursor.as_str()) => {
                        self.next = None;
                        self.failed = Some(Error::Pagination(format!(
                            "the page after `{cursor}` ends with `{cursor}` again"
                        )));
                    }
                    Some(cursor) => {
                        (self.set_cursor)(params, cursor.clone());
                        self.last_cursor = Some(cursor);
                    }
                }
            }
        }
        self.items = page.into_items().into_iter();
    }
}

impl<P, T, F, Fut> Stream for Pages<P, T, F, Fut>
where
    P: Clone,
    T: Identified,
    F: Fn(P) -> Fut,
    Fut: Future<Output = Result<Page<T>, Error>>,
{
    type Item = Result<T, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.items.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            if let Some(error) = this.failed.take() {
                return Poll::Ready(Some(Err(error)));
            }
            let pending = match &mut this.pending {
                Some(pending) => pending,
                None => {
                    let Some(params) = &this.next else {
                        return Poll::Ready(None);
                    };
                    this.pending.insert(Box::pin((this.fetch)(params.clone())))
                }
            };
            let Poll::Ready(result) = pending.as_mut().poll(cx) else {
                return Poll::Pending;
            };
            this.pending = None;
            match result {
                Ok(page) => this.take_page(page),
                Err(error) => {
                    this.next = None;
                    return Poll::Ready(Some(Err(error)));
                }
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let done = self.next.is_none() && self.pending.is_none();
        let failed = usize::from(self.failed.is_some());
        let upper = done.then_some(self.items.len() + failed);
        (self.items.len() + failed, upper)
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

    /// The cursors the pages of a stream were requested with, and what the stream yielded
    /// (`Err` as its message), polling it to the end.
    fn drain(
        pages: Vec<Result<Page<Item>, Error>>,
        stop_after: usize,
    ) -> (Vec<Option<String>>, Vec<Result<&'static str, String>>) {
        let requests = std::cell::RefCell::new(Vec::new());
        let pages = std::cell::RefCell::new(pages.into_iter());
        let fetch = |cursor: Option<String>| {
            requests.borrow_mut().push(cursor);
            let page = pages.borrow_mut().next();
            std::future::ready(
                page.unwrap_or_else(|| Err(Error::InvalidRequest("no more pages".into()))),
            )
        };
        let mut yielded = Vec::new();
        {
            let mut stream =
                std::pin::pin!(paginate(None, fetch, |cursor, next| *cursor = Some(next)));
            let mut cx = Context::from_waker(std::task::Waker::noop());
            while yielded.len() < stop_after {
                match stream.as_mut().poll_next(&mut cx) {
                    Poll::Ready(Some(item)) => {
                        yielded.push(item.map(|item| item.0).map_err(|e| e.to_string()))
                    }
                    Poll::Ready(None) => break,
                    Poll::Pending => unreachable!("every page is ready at once"),
                }
            }
        }
        (requests.into_inner(), yielded)
    }

    fn page(ids: &[&'static str], limit: u64) -> Result<Page<Item>, Error> {
        Ok(Page::new(
            ids.iter().map(|id| Item(id)).collect(),
            Some(limit),
        ))
    }

    #[test]
    fn a_stream_follows_each_full_page_with_its_last_id() {
        let pages = vec![page(&["a", "b"], 2), page(&["c", "d"], 2), page(&["e"], 2)];
        let (requests, yielded) = drain(pages, usize::MAX);
        assert_eq!(requests, [None, Some("b".into()), Some("d".into())]);
        assert_eq!(yielded, ["a", "b", "c", "d", "e"].map(Ok));
    }

    #[test]
    fn a_stream_asks_for_nothing_after_an_empty_page() {
        let pages = vec![page(&["a", "b"], 2), page(&[], 2)];
        let (requests, yielded) = drain(pages, usize::MAX);
        assert_eq!(requests.len(), 2);
        assert_eq!(yielded, ["a", "b"].map(Ok));
    }

    #[test]
    fn an_error_ends_the_stream_after_the_items_before_it() {
        let failure = Err(Error::InvalidRequest("page two failed".into()));
        let (requests, yielded) = drain(vec![page(&["a", "b"], 2), failure], usize::MAX);
        assert_eq!(requests.len(), 2);
        assert_eq!(
            yielded,
            [
                Ok("a"),
                Ok("b"),
                Err("invalid request: page two failed".to_owned())
            ]
        );
    }

    #[test]
    fn a_stream_read_in_part_asks_for_no_more_pages() {
        let pages = vec![page(&["a", "b"], 2), page(&["c", "d"], 2)];
        let (requests, yielded) = drain(pages, 2);
        assert_eq!(requests, [None]);
        assert_eq!(yielded, ["a", "b"].map(Ok));
    }

    #[test]
    fn a_cursor_sent_back_again_ends_the_stream_with_an_error() {
        let pages = vec![page(&["a", "b"], 2), page(&["c", "b"], 2)];
        let (requests, yielded) = drain(pages, usize::MAX);
        assert_eq!(requests.len(), 2);
        assert_eq!(yielded.len(), 5);
        assert!(matches!(&yielded[4], Err(message) if message.contains("`b` again")));
    }

    struct NoId;

    impl Identified for NoId {
        fn object_id(&self) -> Option<&str> {
            None
        }
    }

    #[test]
    fn a_full_page_without_an_id_to_follow_ends_with_an_error() {
        let fetch = |_: ()| std::future::ready(Ok(Page::new(vec![NoId, NoId], Some(2))));
        let mut stream = std::pin::pin!(paginate((), fetch, |_, _| {}));
        let mut cx = Context::from_waker(std::task::Waker::noop());
        let mut outcomes = Vec::new();
        while let Poll::Ready(Some(item)) = stream.as_mut().poll_next(&mut cx) {
            outcomes.push(item.is_ok());
        }
        assert_eq!(outcomes, [true, true, false]);
    }
}
