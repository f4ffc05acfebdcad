using DocStream.Contracts;
using DocStream.Dashboard.Components.Pages;
using DocStream.Dashboard.Data;
using Microsoft.Extensions.DependencyInjection;

namespace DocStream.Dashboard.Tests;

public class InvoicePageTests : DashboardTestContext
{
    private FakeInvoiceQueries Use(Func<string, Task<InvoiceDetails?>> answer)
    {
        var fake = new FakeInvoiceQueries(answer);
        Services.AddSingleton<IInvoiceQueries>(fake);
        return fake;
    }

    private static InvoiceDetails Invoice536365() => InvoiceDetails.FromLines(
    [
        Line("536365", "85123A", "WHITE HANGING HEART T-LIGHT HOLDER", 6, 2.55m),
        Line("536365", "71053", "WHITE METAL LANTERN", 6, 3.39m),
        Line("536365", "84406B", "CREAM CUPID HEARTS COAT HANGER", 8, 2.75m),
    ])!;

    [Fact]
    public void Shows_the_header_lines_and_total_of_an_invoice()
    {
        var fake = Use(_ => Task.FromResult<InvoiceDetails?>(Invoice536365()));
        var cut = Render<Invoices>(p => p.Add(c => c.No, "536365"));

        Assert.Equal(["536365"], fake.Calls);
        Assert.Equal("1 Dec 2010 08:26", cut.Find(TestId("invoice-date")).TextContent);
        Assert.Equal("customers/17850", cut.Find(TestId("customer-link")).GetAttribute("href"));
        Assert.Equal("United Kingdom", cut.Find(TestId("invoice-country")).TextContent);
        Assert.Equal("3", cut.Find(TestId("invoice-line-count")).TextContent);
        // 6 × 2.55 + 6 × 3.39 + 8 × 2.75 = 15.30 + 20.34 + 22.00
        Assert.Equal("£57.64", cut.Find(TestId("invoice-total")).TextContent);
        cut.WaitForAssertion(() => Assert.Equal(["£15.30", "£20.34", "£22.00"], cut.FindAll(TestId("line-total")).Select(e => e.TextContent)));
        Assert.Contains("WHITE METAL LANTERN", cut.Find(TestId("invoice-lines")).TextContent);
        Assert.Empty(cut.FindAll(TestId("cancelled-badge")));
    }

    [Fact]
    public void A_cancellation_shows_the_cancelled_badge_and_its_negative_total()
    {
        Use(_ => Task.FromResult(InvoiceDetails.FromLines([Line("C536379", "D", "Discount", -1, 27.50m, customerId: 14527)])));
        var cut = Render<Invoices>(p => p.Add(c => c.No, "C536379"));

        Assert.NotNull(cut.Find(TestId("cancelled-badge")));
        Assert.Equal("-£27.50", cut.Find(TestId("invoice-total")).TextContent);
        Assert.Equal("customers/14527", cut.Find(TestId("customer-link")).GetAttribute("href"));
    }

    [Fact]
    public void An_invoice_without_customer_says_so_instead_of_linking()
    {
        Use(_ => Task.FromResult(InvoiceDetails.FromLines([Line("536414", "22139", "", 56, 0m, customerId: null)])));
        var cut = Render<Invoices>(p => p.Add(c => c.No, "536414"));

        Assert.NotNull(cut.Find(TestId("no-customer")));
        Assert.Empty(cut.FindAll(TestId("customer-link")));
    }

    [Fact]
    public void Shows_a_loading_state_while_the_invoice_is_read()
    {
        Use(_ => new TaskCompletionSource<InvoiceDetails?>().Task);
        var cut = Render<Invoices>(p => p.Add(c => c.No, "536365"));
        Assert.NotNull(cut.Find(TestId("loading")));
    }

    [Fact]
    public void Says_when_no_invoice_has_that_number()
    {
        Use(_ => Task.FromResult<InvoiceDetails?>(null));
        var cut = Render<Invoices>(p => p.Add(c => c.No, "999999"));
        Assert.Contains("No invoice 999999", cut.Find(TestId("empty")).TextContent);
    }

    [Fact]
    public void Says_MongoDB_is_unreachable_instead_of_throwing()
    {
        Use(_ => Task.FromException<InvoiceDetails?>(new TimeoutException("selecting a server")));
        var cut = Render<Invoices>(p => p.Add(c => c.No, "536365"));
        Assert.Contains("did not answer", cut.Find(TestId("error")).TextContent);
    }

    [Fact]
    public void A_lower_case_cancellation_number_is_looked_up_as_stored()
    {
        Assert.Equal("C536379", InvoiceQueries.Normalize(" c536379 "));
        Assert.Equal("536365", InvoiceQueries.Normalize("536365"));
    }

    private static InvoiceDetails CancellationC536379() => InvoiceDetails.FromLines([Line("C536379", "D", "Discount", -1, 27.50m, customerId: 14527)])!;

    [Fact]
    public async Task Looking_up_a_second_invoice_before_the_first_answers_shows_the_second_even_when_the_first_answers_last()
    {
        var first = new TaskCompletionSource<InvoiceDetails?>();
        Use(no => no == "536365" ? first.Task : Task.FromResult<InvoiceDetails?>(CancellationC536379()));
        var cut = Render<Invoices>(p => p.Add(c => c.No, "536365"));

        cut.Render(p => p.Add(c => c.No, "C536379"));
        await cut.InvokeAsync(() => first.SetResult(Invoice536365()));

        Assert.Equal("-£27.50", cut.Find(TestId("invoice-total")).TextContent);
        Assert.Equal("1", cut.Find(TestId("invoice-line-count")).TextContent);
        Assert.DoesNotContain("WHITE METAL LANTERN", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_first_invoice_lookup_that_fails_after_the_second_one_answered_does_not_hide_the_second()
    {
        var first = new TaskCompletionSource<InvoiceDetails?>();
        Use(no => no == "536365" ? first.Task : Task.FromResult<InvoiceDetails?>(CancellationC536379()));
        var cut = Render<Invoices>(p => p.Add(c => c.No, "536365"));

        cut.Render(p => p.Add(c => c.No, "C536379"));
        await cut.InvokeAsync(() => first.SetException(new TimeoutException("selecting a server")));

        Assert.Empty(cut.FindAll(TestId("error")));
        Assert.Equal("-£27.50", cut.Find(TestId("invoice-total")).TextContent);
    }

    [Fact]
    public async Task A_first_invoice_lookup_answering_while_the_second_is_still_read_leaves_the_second_loading()
    {
        var first = new TaskCompletionSource<InvoiceDetails?>();
        var second = new TaskCompletionSource<InvoiceDetails?>();
        Use(no => no == "536365" ? first.Task : second.Task);
        var cut = Render<Invoices>(p => p.Add(c => c.No, "536365"));

        cut.Render(p => p.Add(c => c.No, "C536379"));
        await cut.InvokeAsync(() => first.SetResult(Invoice536365()));

        Assert.NotNull(cut.Find(TestId("loading")));
        Assert.Empty(cut.FindAll(TestId("empty")));
        await cut.InvokeAsync(() => second.SetResult(CancellationC536379()));
        Assert.Equal("-£27.50", cut.Find(TestId("invoice-total")).TextContent);
    }

    [Fact]
    public void With_the_Aspire_dashboard_known_each_line_links_to_the_trace_of_the_request_that_sent_it()
    {
        TraceLinkOptions.AspireDashboardUrl = "http://localhost:15080";
        var traced = Line("536365", "85123A", "WHITE HANGING HEART T-LIGHT HOLDER", 6, 2.55m) with
        {
            Meta = new DocumentMeta(3, 120, new DateTime(2026, 12, 2, 4, 0, 0, DateTimeKind.Utc), "4bf92f3577b34da6a3ce929d0e0e4736"),
        };
        var untraced = Line("536365", "71053", "WHITE METAL LANTERN", 6, 3.39m);
        Use(_ => Task.FromResult(InvoiceDetails.FromLines([traced, untraced])));

        var cut = Render<Invoices>(p => p.Add(c => c.No, "536365"));

        var link = cut.WaitForElement(TestId("trace-link"));
        Assert.Equal("http://localhost:15080/traces/detail/4bf92f3577b34da6a3ce929d0e0e4736", link.GetAttribute("href"));
        Assert.Equal("_blank", link.GetAttribute("target"));
        Assert.Single(cut.FindAll(TestId("trace-link")));
    }

    [Fact]
    public void Without_the_Aspire_dashboard_there_is_no_trace_column()
    {
        var traced = Line("536365", "85123A", "WHITE HANGING HEART T-LIGHT HOLDER", 6, 2.55m) with
        {
            Meta = new DocumentMeta(3, 120, DateTime.UtcNow, "4bf92f3577b34da6a3ce929d0e0e4736"),
        };
        Use(_ => Task.FromResult(InvoiceDetails.FromLines([traced])));

        var cut = Render<Invoices>(p => p.Add(c => c.No, "536365"));

        cut.WaitForAssertion(() => Assert.Contains("WHITE HANGING HEART", cut.Find(TestId("invoice-lines")).TextContent));
        Assert.Empty(cut.FindAll(TestId("trace-link")));
        Assert.DoesNotContain(">Trace<", cut.Markup, StringComparison.Ordinal);
    }
}
