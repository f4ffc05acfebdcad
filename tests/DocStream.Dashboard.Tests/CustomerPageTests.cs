using DocStream.Dashboard.Components.Pages;
using DocStream.Dashboard.Data;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace DocStream.Dashboard.Tests;

public class CustomerPageTests : DashboardTestContext
{
    private static readonly DateTime Dec1 = new(2010, 12, 1, 8, 26, 0, DateTimeKind.Utc);

    private FakeCustomerQueries Use(Func<int, Task<CustomerSummary>> answer)
    {
        var fake = new FakeCustomerQueries(answer);
        Services.AddSingleton<ICustomerQueries>(fake);
        return fake;
    }

    private static CustomerSummary Sample(int id) => new(id, "United Kingdom",
    [
        new CustomerInvoice("C536379", Dec1.AddHours(2), 1, -27.50m, true),
        new CustomerInvoice("536366", Dec1.AddMinutes(2), 2, 22.20m, false),
        new CustomerInvoice("536365", Dec1, 7, 139.12m, false),
    ]);

    [Fact]
    public void Without_a_customer_it_asks_for_one_and_queries_nothing()
    {
        var fake = Use(id => Task.FromResult(Sample(id)));
        var cut = Render<Customers>();
        Assert.Empty(fake.Calls);
        Assert.Empty(cut.FindAll(TestId("customer-invoices")));
        Assert.NotNull(cut.Find(TestId("customer-search")));
    }

    [Fact]
    public void Shows_a_loading_state_while_the_customer_is_read()
    {
        Use(_ => new TaskCompletionSource<CustomerSummary>().Task);
        var cut = Render<Customers>(p => p.Add(c => c.Id, 17850));
        Assert.NotNull(cut.Find(TestId("loading")));
    }

    [Fact]
    public void Lists_one_row_per_invoice_with_links_totals_and_cancelled_badges()
    {
        var fake = Use(id => Task.FromResult(Sample(id)));
        var cut = Render<Customers>(p => p.Add(c => c.Id, 17850));

        Assert.Equal([17850], fake.Calls);
        var rows = cut.FindAll(TestId("invoice-row"));
        Assert.Equal(3, rows.Count);
        Assert.Equal(["invoices/C536379", "invoices/536366", "invoices/536365"],
            cut.FindAll(TestId("invoice-link")).Select(a => a.GetAttribute("href")));
        Assert.Equal(["-£27.50", "£22.20", "£139.12"], cut.FindAll(TestId("invoice-total")).Select(e => e.TextContent));
        Assert.Equal("£133.82", cut.Find(TestId("customer-total")).TextContent);
        Assert.Equal("10", cut.Find(TestId("customer-line-count")).TextContent);
        // Only the cancellation has the badge, on its own row.
        Assert.Single(cut.FindAll(TestId("cancelled-badge")));
        Assert.NotEmpty(rows[0].QuerySelectorAll(TestId("cancelled-badge")));
        Assert.Empty(rows[1].QuerySelectorAll(TestId("cancelled-badge")));
    }

    [Fact]
    public void Says_when_the_customer_has_no_invoice()
    {
        Use(id => Task.FromResult(new CustomerSummary(id, null, [])));
        var cut = Render<Customers>(p => p.Add(c => c.Id, 99999));
        Assert.Contains("No invoice for customer 99999", cut.Find(TestId("empty")).TextContent);
        Assert.Empty(cut.FindAll(TestId("customer-invoices")));
    }

    [Fact]
    public void Says_MongoDB_is_unreachable_instead_of_throwing()
    {
        Use(_ => Task.FromException<CustomerSummary>(new TimeoutException("selecting a server")));
        var cut = Render<Customers>(p => p.Add(c => c.Id, 17850));
        Assert.Contains("did not answer", cut.Find(TestId("error")).TextContent);
    }

    [Fact]
    public void Searching_for_a_number_navigates_to_the_customer_deep_link()
    {
        Use(id => Task.FromResult(Sample(id)));
        var nav = Services.GetRequiredService<NavigationManager>();
        var cut = Render<Customers>();

        cut.Find("fluent-search").Change("17850.0");
        cut.Find("form").Submit();

        Assert.EndsWith("/customers/17850", nav.Uri, StringComparison.Ordinal);
    }

    [Fact]
    public void Searching_for_text_that_is_no_customer_id_explains_why()
    {
        Use(id => Task.FromResult(Sample(id)));
        var nav = Services.GetRequiredService<NavigationManager>();
        var cut = Render<Customers>();

        cut.Find("fluent-search").Change("abc");
        cut.Find("form").Submit();

        Assert.Contains("is not a CustomerID", cut.Find(TestId("validation")).TextContent);
        Assert.DoesNotContain("/customers/", nav.Uri, StringComparison.Ordinal);
    }

    private static readonly CustomerSummary Norway = new(12346, "Norway", [new CustomerInvoice("541431", Dec1.AddDays(48), 1, 77_183.60m, false)]);

    [Fact]
    public async Task Looking_up_a_second_customer_before_the_first_answers_shows_the_second_even_when_the_first_answers_last()
    {
        var first = new TaskCompletionSource<CustomerSummary>();
        Use(id => id == Norway.CustomerId ? first.Task : Task.FromResult(Sample(id)));
        var cut = Render<Customers>(p => p.Add(c => c.Id, Norway.CustomerId));

        cut.Render(p => p.Add(c => c.Id, 17850));
        await cut.InvokeAsync(() => first.SetResult(Norway));

        Assert.Equal(3, cut.FindAll(TestId("invoice-row")).Count);
        Assert.Equal("£133.82", cut.Find(TestId("customer-total")).TextContent);
        Assert.DoesNotContain("Norway", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_first_customer_lookup_that_fails_after_the_second_one_answered_does_not_hide_the_second()
    {
        var first = new TaskCompletionSource<CustomerSummary>();
        Use(id => id == Norway.CustomerId ? first.Task : Task.FromResult(Sample(id)));
        var cut = Render<Customers>(p => p.Add(c => c.Id, Norway.CustomerId));

        cut.Render(p => p.Add(c => c.Id, 17850));
        await cut.InvokeAsync(() => first.SetException(new TimeoutException("selecting a server")));

        Assert.Empty(cut.FindAll(TestId("error")));
        Assert.Equal(3, cut.FindAll(TestId("invoice-row")).Count);
    }
}
