using System.Text.RegularExpressions;
using DocStream.Dashboard.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace DocStream.Dashboard.BrowserTests;

/// <summary>
/// Sign-in in a real browser against the AppHost's dashboard: nothing is shown without a session, each access key
/// gives its role, sign-out ends the session for every copy of the cookie and every open page.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class SignInTests(DashboardStack stack)
{
    private static readonly string[] Pages = ["", "customers", "customers/17850", "invoices", "invoices/536365", "lines", "analytics", "dead-letters"];

    [Fact]
    public async Task Every_page_visited_without_signing_in_lands_on_sign_in_and_shows_no_data()
    {
        var page = await stack.NewPageAsync(DashboardUser.Anonymous);
        try
        {
            foreach (var path in Pages)
            {
                var response = await page.GotoAsync(path);
                await Expect(page).ToHaveURLAsync(new Regex($"/signin\\?returnUrl=%2F{Regex.Escape(Uri.EscapeDataString(path))}$"));
                await Expect(page.GetByTestId("signin-form")).ToBeVisibleAsync();
                Assert.Equal(200, response!.Status);
                var text = await page.Locator("body").InnerTextAsync();
                // Nothing of the data: no customer, country, stock code or figure of the loaded rows.
                Assert.DoesNotContain("17850", text, StringComparison.Ordinal);
                Assert.DoesNotContain("United Kingdom", text, StringComparison.Ordinal);
                Assert.DoesNotContain("WHITE HANGING HEART", text, StringComparison.Ordinal);
                await Expect(page.GetByTestId("documents-stored")).ToHaveCountAsync(0);
                // No circuit either: the hub refuses the page's script.
                await Expect(page.GetByTestId("signed-in-name")).ToHaveCountAsync(0);
            }
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task The_viewer_key_signs_in_to_the_page_asked_for_and_sees_no_operator_action()
    {
        var page = await stack.NewPageAsync(DashboardUser.Anonymous);
        try
        {
            await page.GotoAsync("customers/17850");
            await DashboardStack.SignInAsync(page, stack.ViewerKey);

            await Expect(page).ToHaveURLAsync(new Regex("/customers/17850$"));
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Customer 17850");
            await Expect(page.GetByTestId("signed-in-name")).ToHaveTextAsync("Viewer (access key)");
            await Expect(page.GetByTestId("signed-in-role")).ToHaveTextAsync("viewer");

            await page.GotoAsync("");
            await Expect(page.GetByTestId("documents-stored")).ToHaveTextAsync(Format.Count(DashboardStack.Rows));
            await Expect(page.GetByTestId("pipeline-controls")).ToHaveCountAsync(0);
            await Expect(page.GetByTestId("pause-processing")).ToHaveCountAsync(0);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task The_operator_key_signs_in_and_sees_the_operator_actions()
    {
        var page = await stack.NewPageAsync(DashboardUser.Anonymous);
        try
        {
            await page.GotoAsync("");
            await DashboardStack.SignInAsync(page, stack.OperatorKey);

            await Expect(page.GetByTestId("signed-in-role")).ToHaveTextAsync("operator");
            await Expect(page.GetByTestId("pipeline-controls")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("pause-processing")).ToBeVisibleAsync();
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task A_wrong_key_is_refused_with_a_message_and_no_session()
    {
        var page = await stack.NewPageAsync(DashboardUser.Anonymous);
        try
        {
            await page.GotoAsync("lines");
            await page.GetByTestId("access-key").FillAsync(stack.ViewerKey + "x");
            await page.GetByTestId("signin-submit").ClickAsync();

            await Expect(page.GetByTestId("signin-error")).ToHaveTextAsync("That access key is not valid.");
            await Expect(page).ToHaveURLAsync(new Regex("/signin\\?error=key&returnUrl=%2Flines$"));
            Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "DocStream.Auth");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Signing_out_ends_the_session_for_a_copy_of_the_cookie_and_for_an_open_page()
    {
        var page = await stack.NewPageAsync(DashboardUser.Anonymous);
        var openPage = await page.Context.NewPageAsync();
        IBrowserContext? replay = null;
        try
        {
            await page.GotoAsync("");
            await DashboardStack.SignInAsync(page, stack.ViewerKey);
            var cookies = await page.Context.CookiesAsync();
            Assert.Contains(cookies, c => c.Name == "DocStream.Auth" && c.HttpOnly && c.SameSite == SameSiteAttribute.Lax);
            await openPage.GotoAsync("lines");
            await Expect(openPage.GetByTestId("signed-in-name")).ToBeVisibleAsync();

            await page.GetByTestId("sign-out").ClickAsync();
            await Expect(page.GetByTestId("signed-out")).ToHaveTextAsync("You are signed out.");

            // The other tab's circuit notices within its revalidation interval and goes to sign-in.
            await Expect(openPage).ToHaveURLAsync(new Regex("/signin\\?returnUrl=%2Flines$"), new() { Timeout = 15_000 });

            // A copy of the old cookie (stolen, or kept by another browser) is refused too.
            replay = await stack.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = stack.DashboardUrl.ToString() });
            await replay.AddCookiesAsync(cookies.Select(ToCookie));
            var replayPage = await replay.NewPageAsync();
            await replayPage.GotoAsync("");
            await Expect(replayPage).ToHaveURLAsync(new Regex("/signin\\?returnUrl=%2F$"));
        }
        finally
        {
            await page.Context.CloseAsync();
            if (replay is not null)
            {
                await replay.CloseAsync();
            }
        }
    }

    [Fact]
    public async Task A_tampered_cookie_is_refused()
    {
        var signedIn = await stack.NewPageAsync(DashboardUser.Viewer);
        var cookies = await signedIn.Context.CookiesAsync();
        await signedIn.Context.CloseAsync();
        var auth = cookies.Single(c => c.Name == "DocStream.Auth");
        // One character of the protected payload changed: the data protection's MAC no longer matches.
        var middle = auth.Value.Length / 2;
        var tampered = auth.Value[..middle] + (auth.Value[middle] == 'A' ? 'B' : 'A') + auth.Value[(middle + 1)..];

        var context = await stack.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = stack.DashboardUrl.ToString() });
        try
        {
            var cookie = ToCookie(auth);
            cookie.Value = tampered;
            await context.AddCookiesAsync([cookie]);
            var page = await context.NewPageAsync();
            await page.GotoAsync("lines");
            await Expect(page).ToHaveURLAsync(new Regex("/signin\\?returnUrl=%2Flines$"));
            await Expect(page.GetByTestId("signin-form")).ToBeVisibleAsync();
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    private static Cookie ToCookie(BrowserContextCookiesResult c) => new()
    {
        Name = c.Name,
        Value = c.Value,
        Domain = c.Domain,
        Path = c.Path,
        HttpOnly = c.HttpOnly,
        Secure = c.Secure,
        SameSite = c.SameSite,
    };
}
