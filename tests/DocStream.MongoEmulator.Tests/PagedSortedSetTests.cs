using DocStream.MongoEmulator.Storage;

namespace DocStream.MongoEmulator.Tests;

/// <summary>The indexes' ordered set, checked against <see cref="SortedSet{T}"/> as the model.</summary>
public sealed class PagedSortedSetTests
{
    private const int Capacity = PagedSortedSet<int>.PageCapacity;

    [Theory]
    [InlineData(1, 20_000, 5_000)]   // mostly inserts over a wide key space: many page splits
    [InlineData(2, 20_000, 300)]     // a narrow key space: duplicates and removals hit the same pages
    [InlineData(3, 5_000, 1_000_000)]
    public void Random_adds_and_removes_behave_like_a_SortedSet(int seed, int operations, int keySpace)
    {
        var random = new Random(seed);
        var model = new SortedSet<int>();
        var set = new PagedSortedSet<int>(Comparer<int>.Default);
        for (var n = 0; n < operations; n++)
        {
            var key = random.Next(keySpace);
            if (random.NextDouble() < 0.7)
            {
                Assert.Equal(model.Add(key), set.Add(key));
            }
            else
            {
                Assert.Equal(model.Remove(key), set.Remove(key));
            }
            if (n % 997 == 0)
            {
                AssertSame(model, set, random, keySpace);
            }
        }
        AssertSame(model, set, random, keySpace);
    }

    [Fact]
    public void Ascending_appends_fill_pages_and_keep_order()
    {
        var set = new PagedSortedSet<int>(Comparer<int>.Default);
        for (var i = 0; i < Capacity * 10 + 3; i++)
        {
            Assert.True(set.Add(i));
        }
        Assert.Equal(Enumerable.Range(0, Capacity * 10 + 3), set);
        Assert.Equal(Enumerable.Range(0, Capacity * 10 + 3).Reverse(), set.Reverse());
        Assert.Equal(Capacity * 10 + 3, set.Count);
    }

    [Fact]
    public void Removing_everything_leaves_an_empty_set_that_works_again()
    {
        var set = new PagedSortedSet<int>(Comparer<int>.Default);
        var keys = Enumerable.Range(0, Capacity * 5).ToList();
        keys.ForEach(k => set.Add(k));
        foreach (var k in keys.OrderBy(k => (k * 7919) % keys.Count))
        {
            Assert.True(set.Remove(k));
        }
        Assert.Equal(0, set.Count);
        Assert.Empty(set);
        Assert.Empty(set.Reverse());
        Assert.Empty(set.Range(0, 100, descending: false));
        Assert.False(set.Remove(3));
        Assert.True(set.Add(3));
        Assert.Equal([3], set);
    }

    [Fact]
    public void Built_from_sorted_items_skips_duplicates_and_accepts_inserts_everywhere()
    {
        var set = new PagedSortedSet<int>([1, 3, 3, 5, .. Enumerable.Range(10, 1000)], Comparer<int>.Default);
        Assert.Equal(1003, set.Count);
        Assert.True(set.Add(2));
        Assert.True(set.Add(4));
        Assert.True(set.Add(0));
        Assert.True(set.Add(2000));
        Assert.False(set.Add(500));
        Assert.Equal([0, 1, 2, 3, 4, 5, 10, 11], set.Take(8));
        Assert.Throws<ArgumentException>(() => new PagedSortedSet<int>([2, 1], Comparer<int>.Default));
    }

    [Fact]
    public void Ranges_are_inclusive_in_both_directions_and_empty_when_inverted()
    {
        var set = new PagedSortedSet<int>(Enumerable.Range(0, 1000).Select(i => i * 2), Comparer<int>.Default);
        Assert.Equal([10, 12, 14], set.Range(10, 14, descending: false));
        Assert.Equal([14, 12, 10], set.Range(9, 15, descending: true));
        Assert.Empty(set.Range(15, 9, descending: false));
        Assert.Empty(set.Range(2001, 5000, descending: true));
        Assert.Equal([0], set.Range(-100, 1, descending: false));
    }

    [Fact]
    public void Changing_the_set_while_enumerating_it_fails_instead_of_skipping_items()
    {
        var set = new PagedSortedSet<int>(Enumerable.Range(0, 300), Comparer<int>.Default);
        Assert.Throws<InvalidOperationException>(() =>
        {
            foreach (var item in set.Range(10, 200, descending: false))
            {
                set.Remove(item + 1);
            }
        });
    }

    private static void AssertSame(SortedSet<int> model, PagedSortedSet<int> set, Random random, int keySpace)
    {
        Assert.Equal(model.Count, set.Count);
        Assert.Equal(model, set);
        Assert.Equal(model.Reverse(), set.Reverse());
        for (var r = 0; r < 20; r++)
        {
            var a = random.Next(-10, keySpace + 10);
            var b = random.Next(a, keySpace + 10);
            Assert.Equal(model.GetViewBetween(a, b), set.Range(a, b, descending: false));
            Assert.Equal(model.GetViewBetween(a, b).Reverse(), set.Range(a, b, descending: true));
        }
    }
}
