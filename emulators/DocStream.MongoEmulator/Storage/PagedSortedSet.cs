using System.Collections;

namespace DocStream.MongoEmulator.Storage;

/// <summary>
/// A sorted set kept as a list of small sorted arrays ("pages"), like the leaf level of a B+ tree. It backs
/// the indexes instead of <see cref="SortedSet{T}"/>: the red-black tree allocated a node per entry and its
/// rotations rewrote old nodes all over the heap, which every garbage collection then had to scan. Here an
/// insert shifts part of one array, and allocates only when a page splits. Enumerators fail if the set
/// changes under them, as <see cref="SortedSet{T}"/>'s do. Not thread-safe (the collection lock guards it).
/// </summary>
internal sealed class PagedSortedSet<T> : IEnumerable<T>
{
    /// <summary>Entries per page: big enough to keep the page list short, small enough that shifting is cheap.</summary>
    internal const int PageCapacity = 128;

    private readonly IComparer<T> _comparer;
    private readonly List<Page> _pages = [];
    private int _version;

    private sealed class Page
    {
        public readonly T[] Items = new T[PageCapacity];
        public int Count;

        public T First => Items[0];
    }

    public PagedSortedSet(IComparer<T> comparer)
    {
        _comparer = comparer;
    }

    /// <summary>Builds the set from items already in order (duplicates are skipped), filling pages to 3/4 to leave room for inserts.</summary>
    public PagedSortedSet(IEnumerable<T> sorted, IComparer<T> comparer) : this(comparer)
    {
        const int fill = PageCapacity * 3 / 4;
        Page? page = null;
        foreach (var item in sorted)
        {
            if (page is { Count: > 0 } && _comparer.Compare(page.Items[page.Count - 1], item) >= 0)
            {
                if (_comparer.Compare(page.Items[page.Count - 1], item) == 0)
                {
                    continue;
                }
                throw new ArgumentException("items are not in order", nameof(sorted));
            }
            if (page is null || page.Count == fill)
            {
                page = new Page();
                _pages.Add(page);
            }
            page.Items[page.Count++] = item;
            Count++;
        }
    }

    public int Count { get; private set; }

    /// <summary>Adds <paramref name="item"/>; false when an equal item is already there.</summary>
    public bool Add(T item)
    {
        if (_pages.Count == 0)
        {
            var first = new Page();
            first.Items[0] = item;
            first.Count = 1;
            _pages.Add(first);
            Count = 1;
            _version++;
            return true;
        }
        var p = PageFor(item);
        var page = _pages[p];
        var i = Array.BinarySearch(page.Items, 0, page.Count, item, _comparer);
        if (i >= 0)
        {
            return false;
        }
        i = ~i;
        if (page.Count == PageCapacity)
        {
            if (i == PageCapacity && p == _pages.Count - 1)
            {
                // Appending past the end (ascending keys, the common case): start a new page instead of halving
                // this one, so pages filled in order stay full.
                var tail = new Page();
                tail.Items[0] = item;
                tail.Count = 1;
                _pages.Add(tail);
                Count++;
                _version++;
                return true;
            }
            var upper = Split(p);
            if (i > page.Count)
            {
                i -= page.Count;
                page = upper;
            }
        }
        Array.Copy(page.Items, i, page.Items, i + 1, page.Count - i);
        page.Items[i] = item;
        page.Count++;
        Count++;
        _version++;
        return true;
    }

    /// <summary>Removes the item equal to <paramref name="item"/>; false when there is none.</summary>
    public bool Remove(T item)
    {
        if (_pages.Count == 0)
        {
            return false;
        }
        var p = PageFor(item);
        var page = _pages[p];
        var i = Array.BinarySearch(page.Items, 0, page.Count, item, _comparer);
        if (i < 0)
        {
            return false;
        }
        page.Count--;
        Array.Copy(page.Items, i + 1, page.Items, i, page.Count - i);
        page.Items[page.Count] = default!; // drop the reference for the garbage collector
        if (page.Count == 0)
        {
            _pages.RemoveAt(p);
        }
        else if (p + 1 < _pages.Count && page.Count + _pages[p + 1].Count <= PageCapacity / 2)
        {
            Merge(p);
        }
        Count--;
        _version++;
        return true;
    }

    public void Clear()
    {
        _pages.Clear();
        Count = 0;
        _version++;
    }

    /// <summary>The items from <paramref name="low"/> to <paramref name="high"/> (both inclusive), ascending or descending.</summary>
    public IEnumerable<T> Range(T low, T high, bool descending)
    {
        if (_pages.Count == 0 || _comparer.Compare(low, high) > 0)
        {
            return [];
        }
        return descending ? Descending(Floor(high), low, bounded: true) : Ascending(Ceiling(low), high, bounded: true);
    }

    /// <summary>All items, descending.</summary>
    public IEnumerable<T> Reverse() => _pages.Count == 0 ? [] : Descending(LastPosition(), default!, bounded: false);

    public IEnumerator<T> GetEnumerator() => Ascending((0, 0), default!, bounded: false).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The page that holds <paramref name="item"/> or would: the last page whose first item is not greater.</summary>
    private int PageFor(T item)
    {
        int lo = 0, hi = _pages.Count - 1;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo + 1) >> 1);
            if (_comparer.Compare(_pages[mid].First, item) <= 0)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /// <summary>Position of the first item &gt;= <paramref name="item"/> (may be one past the end).</summary>
    private (int Page, int Index) Ceiling(T item)
    {
        var p = PageFor(item);
        var page = _pages[p];
        var i = Array.BinarySearch(page.Items, 0, page.Count, item, _comparer);
        i = i >= 0 ? i : ~i;
        return i < page.Count ? (p, i) : (p + 1, 0);
    }

    /// <summary>Position of the last item &lt;= <paramref name="item"/> (page -1 when there is none).</summary>
    private (int Page, int Index) Floor(T item)
    {
        var p = PageFor(item);
        var page = _pages[p];
        var i = Array.BinarySearch(page.Items, 0, page.Count, item, _comparer);
        i = i >= 0 ? i : ~i - 1;
        return i >= 0 ? (p, i) : (p - 1, p > 0 ? _pages[p - 1].Count - 1 : -1);
    }

    private (int Page, int Index) LastPosition() => (_pages.Count - 1, _pages[^1].Count - 1);

    private IEnumerable<T> Ascending((int Page, int Index) from, T high, bool bounded)
    {
        var version = _version;
        for (var (p, i) = from; p < _pages.Count; p++, i = 0)
        {
            for (; i < _pages[p].Count; i++)
            {
                var item = _pages[p].Items[i];
                if (bounded && _comparer.Compare(item, high) > 0)
                {
                    yield break;
                }
                yield return item;
                CheckVersion(version);
            }
        }
    }

    private IEnumerable<T> Descending((int Page, int Index) from, T low, bool bounded)
    {
        var version = _version;
        for (var (p, i) = from; p >= 0; p--, i = p >= 0 ? _pages[p].Count - 1 : -1)
        {
            for (; i >= 0; i--)
            {
                var item = _pages[p].Items[i];
                if (bounded && _comparer.Compare(item, low) < 0)
                {
                    yield break;
                }
                yield return item;
                CheckVersion(version);
            }
        }
    }

    private void CheckVersion(int version)
    {
        if (version != _version)
        {
            throw new InvalidOperationException("The index was modified while it was being read.");
        }
    }

    /// <summary>Moves the upper half of page <paramref name="p"/> into a new page after it; returns the new page.</summary>
    private Page Split(int p)
    {
        var page = _pages[p];
        var upper = new Page();
        var keep = page.Count / 2;
        upper.Count = page.Count - keep;
        Array.Copy(page.Items, keep, upper.Items, 0, upper.Count);
        Array.Clear(page.Items, keep, upper.Count);
        page.Count = keep;
        _pages.Insert(p + 1, upper);
        return upper;
    }

    private void Merge(int p)
    {
        var page = _pages[p];
        var next = _pages[p + 1];
        Array.Copy(next.Items, 0, page.Items, page.Count, next.Count);
        page.Count += next.Count;
        _pages.RemoveAt(p + 1);
    }
}
