using DocStream.Dashboard.Components.Pages;
using DocStream.Dashboard.Data;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;

namespace DocStream.Dashboard.Tests;

public class DeadLetterPageTests : DashboardTestContext
{
    private FakeDeadLetterQueries Use(Func<int, int, Task<DeadLetterPage>> answer)
    {
        var fake = new FakeDeadLetterQueries(answer);
        Services.AddSingleton<IDeadLetterQueries>(fake);
        return fake;
    }

    private static DeadLetter Poison(int i) => new($"dl-{i}", "poison", $"JSON error {i}", "ingestion-topic", 2, 100 + i, null, "536365", "{not json", DateTime.UnixEpoch.AddMinutes(i));

    [Fact]
    public void Lists_dead_letters_with_their_reasons_and_kinds()
    {
        Use((_, _) => Task.FromResult(new DeadLetterPage(
            [Poison(1), new DeadLetter("gap-1", "gap", "offsets 10 to 19 were never received", "ingestion-topic", 0, 10, 19, null, null, DateTime.UnixEpoch)], 2)));
        var cut = Render<DeadLetters>();

        Assert.Equal("2", cut.Find(TestId("dead-letter-count")).TextContent);
        Assert.Equal(2, cut.FindAll(TestId("dead-letter-row")).Count);
        Assert.Equal(["JSON error 1", "offsets 10 to 19 were never received"], cut.FindAll(TestId("dead-letter-reason")).Select(e => e.TextContent));
        Assert.Equal(["poison", "gap"], cut.FindAll(TestId("dead-letter-kind")).Select(e => e.TextContent));
        Assert.Contains("@10–19", cut.Markup);
    }

    [Fact]
    public void Pages_to_older_dead_letters()
    {
        var fake = Use((skip, take) => Task.FromResult(new DeadLetterPage(Enumerable.Range(skip, take).Select(Poison).ToList(), 60)));
        var cut = Render<DeadLetters>();

        cut.Find($"{TestId("next-page")}").Click();

        Assert.Equal([(0, DeadLetters.PageSize), (DeadLetters.PageSize, DeadLetters.PageSize)], fake.Calls);
        Assert.Contains("JSON error 25", cut.Find(TestId("dead-letter-reason")).TextContent);
    }

    [Fact]
    public void Says_when_there_are_none()
    {
        Use((_, _) => Task.FromResult(new DeadLetterPage([], 0)));
        var cut = Render<DeadLetters>();
        Assert.Contains("No dead letters", cut.Find(TestId("empty")).TextContent);
    }

    [Fact]
    public void Shows_a_loading_state_while_reading()
    {
        Use((_, _) => new TaskCompletionSource<DeadLetterPage>().Task);
        var cut = Render<DeadLetters>();
        Assert.NotNull(cut.Find(TestId("loading")));
    }

    [Fact]
    public void Says_MongoDB_is_unreachable_instead_of_throwing()
    {
        Use((_, _) => Task.FromException<DeadLetterPage>(new TimeoutException("selecting a server")));
        var cut = Render<DeadLetters>();
        Assert.Contains("did not answer", cut.Find(TestId("error")).TextContent);
    }

    [Fact]
    public async Task Two_quick_page_clicks_show_the_newer_page_even_when_the_older_load_finishes_last()
    {
        static DeadLetterPage PageAt(int skip) => new(Enumerable.Range(skip, DeadLetters.PageSize).Select(Poison).ToList(), 100);
        var secondPage = new TaskCompletionSource<DeadLetterPage>();
        var fake = Use((skip, _) => skip == DeadLetters.PageSize ? secondPage.Task : Task.FromResult(PageAt(skip)));
        var cut = Render<DeadLetters>();

        var olderClick = cut.Find(TestId("next-page")).ClickAsync(new MouseEventArgs());
        await cut.Find(TestId("next-page")).ClickAsync(new MouseEventArgs());
        Assert.Equal("JSON error 50", cut.Find(TestId("dead-letter-reason")).TextContent);
        await cut.InvokeAsync(() => secondPage.SetResult(PageAt(DeadLetters.PageSize)));
        await olderClick;

        Assert.Equal([0, DeadLetters.PageSize, 2 * DeadLetters.PageSize], fake.Calls.Select(c => c.Skip));
        Assert.Equal("JSON error 50", cut.Find(TestId("dead-letter-reason")).TextContent);
        Assert.Contains("Page 3 of 4", cut.Markup);
    }
}
