using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Net.Http.Headers;

namespace DocStream.Dashboard.Security;

/// <summary>
/// What a refused request gets: a browser asking for a page is sent to sign-in (or the access-denied page);
/// anything else (the Blazor hub, data endpoints, scripts) gets 401/403/429 as problem+json.
/// </summary>
internal static class SignInResponses
{
    public static Task ChallengeAsync(RedirectContext<CookieAuthenticationOptions> context) =>
        WantsPage(context.Request)
            ? Redirect(context)
            : ProblemAsync(context.Response, StatusCodes.Status401Unauthorized, "Sign-in required", "Sign in to the DocStream dashboard first.");

    public static Task ForbidAsync(RedirectContext<CookieAuthenticationOptions> context) =>
        WantsPage(context.Request)
            ? Redirect(context)
            : ProblemAsync(context.Response, StatusCodes.Status403Forbidden, "Not allowed", "Your role does not allow this.");

    public static async ValueTask TooManyAttemptsAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        var response = context.HttpContext.Response;
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        if (WantsPage(context.HttpContext.Request) || context.HttpContext.Request.HasFormContentType)
        {
            response.StatusCode = StatusCodes.Status429TooManyRequests;
            response.ContentType = "text/html; charset=utf-8";
            await response.WriteAsync(
                $"<!DOCTYPE html><html lang=\"en-GB\"><title>Too many attempts · DocStream</title><h1>Too many sign-in attempts</h1><p>Try again in {seconds} s. <a href=\"{DashboardAuthentication.SignInPath}\">Back to sign-in</a></p></html>",
                cancellationToken);
            return;
        }
        await ProblemAsync(response, StatusCodes.Status429TooManyRequests, "Too many sign-in attempts", $"Try again in {seconds} s.");
    }

    private static Task Redirect(RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>A top-level navigation of a browser: GET, asks for HTML, and not the Blazor hub.</summary>
    private static bool WantsPage(HttpRequest request) =>
        HttpMethods.IsGet(request.Method)
        && !request.Path.StartsWithSegments("/_blazor")
        && request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

    private static Task ProblemAsync(HttpResponse response, int status, string title, string detail)
    {
        response.StatusCode = status;
        // A body of its own, so the status-code pages do not re-execute a page for it.
        return response.WriteAsJsonAsync(new { type = $"https://httpstatuses.io/{status}", title, status, detail },
            options: null, contentType: "application/problem+json");
    }
}
