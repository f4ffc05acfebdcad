using System.Net;
using System.Net.Http.Headers;
using System.Text;
using DocStream.Dashboard.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace DocStream.Dashboard.BrowserTests;

/// <summary>Mongo Express (npm 1.0.2) against the MongoDB emulator in a real browser: raw documents behind basic auth.</summary>
public sealed class MongoExpressTests(MongoExpressStack stack) : IClassFixture<MongoExpressStack>
{
    private static readonly string[] Paths = ["", "db/docstreaming/", "db/docstreaming/invoices", "db/docstreaming/invoices/%22536365-85123A%22"];

    [Fact]
    public async Task Signed_in_with_the_parameters_the_invoices_collection_shows_each_stored_line()
    {
        var page = await stack.NewPageAsync(new HttpCredentials { Username = stack.UserName, Password = stack.Password });
        try
        {
            var response = await page.GotoAsync("db/docstreaming/invoices");

            Assert.Equal(200, response!.Status);
            var rows = page.Locator("tr[id^='doc-']");
            await Expect(rows).ToHaveCountAsync(stack.Lines.Count);
            for (var i = 0; i < stack.Lines.Count; i++)
            {
                var line = stack.Lines[i];
                var row = rows.Nth(i);
                await Expect(row).ToContainTextAsync(line["_id"].AsString);
                await Expect(row).ToContainTextAsync(line["Description"].AsString);
                await Expect(row).ToContainTextAsync(line["CustomerID"].AsString);
            }
            // collStats, as the emulator answers it, in the collection's statistics table.
            var documents = page.Locator(".stats tr").Filter(new() { HasText = "Documents" }).Locator("td").Nth(1);
            await Expect(documents).ToHaveTextAsync(stack.Lines.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Opening_a_line_shows_its_fields()
    {
        var page = await stack.NewPageAsync(new HttpCredentials { Username = stack.UserName, Password = stack.Password });
        try
        {
            var response = await page.GotoAsync("db/docstreaming/invoices/%22536367-84406B%22");

            Assert.Equal(200, response!.Status);
            await Expect(page.Locator("body")).ToContainTextAsync("CREAM CUPID HEARTS COAT HANGER");
            await Expect(page.Locator("body")).ToContainTextAsync("84406B");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Without_credentials_every_page_answers_401_and_shows_no_document()
    {
        // Chromium turns a basic-auth challenge it cannot answer into a navigation error, so ask over HTTP.
        using var http = new HttpClient { BaseAddress = stack.BaseAddress };
        foreach (var path in Paths)
        {
            var answer = await http.GetAsync(path);

            Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
            Assert.Equal("Basic", answer.Headers.WwwAuthenticate.Single().Scheme);
            Assert.DoesNotContain("WHITE HANGING HEART", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_wrong_password_answers_401()
    {
        using var http = new HttpClient { BaseAddress = stack.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{stack.UserName}:not-{stack.Password}")));

        var answer = await http.GetAsync("db/docstreaming/invoices");

        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
    }
}
