//! Result caches that count what they save: a bounded cache (quick_cache's)
//! whose lookups are counted, so `/metrics` can say how often a search or an
//! answer was served without being worked out again.

use std::hash::Hash;
use std::sync::atomic::{AtomicU64, Ordering};

use quick_cache::Equivalent;
use quick_cache::sync::Cache;

/// A cache's lookups so far: answered from it (`hits`), and worked out
/// because it did not hold them (`misses`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CacheCounts {
    /// Lookups the cache answered.
    pub hits: u64,
    /// Lookups that did the work.
    pub misses: u64,
}

/// A bounded cache of values worked out on a miss, counting its lookups.
/// quick_cache's own statistics count a miss once per lock it looks under
/// (two per miss), so the counts are kept here: a lookup whose value is
/// worked out by this call is a miss, any other a hit (including one that
/// waited for another thread working out the same key).
pub struct CountedCache<K, V> {
    cache: Cache<K, V>,
    lookups: AtomicU64,
    misses: AtomicU64,
}

impl<K: Eq + Hash, V: Clone> CountedCache<K, V> {
    /// A cache of at most `capacity` entries.
    pub fn new(capacity: usize) -> CountedCache<K, V> {
        CountedCache {
            cache: Cache::new(capacity),
            lookups: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }
    }

    /// The value of `key`, worked out by `with` (and kept) when the cache
    /// does not hold it; a failure is returned and not kept.
    pub fn get_or_insert_with<Q, E>(&self, key: &Q, with: impl FnOnce() -> Result<V, E>) -> Result<V, E>
    where
        Q: Hash + Equivalent<K> + ToOwned<Owned = K> + ?Sized,
    {
        // Relaxed: independent counters, read only for reporting.
        self.lookups.fetch_add(1, Ordering::Relaxed);
        self.cache.get_or_insert_with(key, || {
            self.misses.fetch_add(1, Ordering::Relaxed);
            with()
        })
    }

    /// Keeps `value` for `key` (a value worked out elsewhere; not a lookup).
    pub fn insert(&self, key: K, value: V) {
        self.cache.insert(key, value);
    }

    /// Drops every entry (the counts go on).
    pub fn clear(&self) {
        self.cache.clear();
    }

    /// The lookups so far.
    pub fn counts(&self) -> CacheCounts {
        // Read misses first: a lookup counted between the two reads can
        // only add to hits, never make them negative.
        let misses = self.misses.load(Ordering::Relaxed);
        let lookups = self.lookups.load(Ordering::Relaxed);
        CacheCounts {
            hits: lookups.saturating_sub(misses),
            misses,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_miss_is_counted_once_and_a_failure_is_not_kept() {
        let cache: CountedCache<String, u32> = CountedCache::new(4);
        assert_eq!(cache.get_or_insert_with("a", || Ok::<_, ()>(1)), Ok(1));
        assert_eq!(cache.get_or_insert_with("a", || Ok::<_, ()>(2)), Ok(1));
        assert_eq!(cache.get_or_insert_with("b", || Err(())), Err(()));
        assert_eq!(cache.get_or_insert_with("b", || Ok::<_, ()>(3)), Ok(3));
        assert_eq!(cache.counts(), CacheCounts { hits: 1, misses: 3 });
        cache.clear();
        assert_eq!(cache.get_or_insert_with("a", || Ok::<_, ()>(4)), Ok(4));
        assert_eq!(cache.counts(), CacheCounts { hits: 1, misses: 4 });
    }
}
