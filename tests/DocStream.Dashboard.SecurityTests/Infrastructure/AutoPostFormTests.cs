namespace DocStream.Dashboard.SecurityTests.Infrastructure;

public sealed class AutoPostFormTests
{
    private static readonly Uri Page = new("http://127.0.0.1:5000/connect/authorize?x=1");

    [Fact]
    public void A_form_post_response_is_read_with_its_action_and_decoded_hidden_fields()
    {
        const string html = """
            <!DOCTYPE html><html><body>
            <form name="form" method="POST" action="http://127.0.0.1:6000/signin-oidc">
              <input type="hidden" name="code" value="a&#x2B;b&amp;c" />
              <input type='hidden' name='state' value='s' />
              <noscript>Click here to finish: <input type="submit" /></noscript>
            </form>
            <script>document.form.submit();</script>
            </body></html>
            """;

        Assert.True(AutoPostForm.TryParse(html, Page, out var form));
        Assert.Equal(new Uri("http://127.0.0.1:6000/signin-oidc"), form.Action);
        Assert.Equal([new("code", "a+b&c"), new("state", "s")], form.Fields);
    }

    [Theory]
    [InlineData("""<form method="post" action="/x"><input type="hidden" name="a" value="1"></form>""")]
    [InlineData("""<form method="post" action="/x"><input type="text" name="user"></form><script>document.forms[0].submit()</script>""")]
    [InlineData("""<form method="get" action="/x"><input type="hidden" name="a" value="1"></form><script>document.forms[0].submit()</script>""")]
    [InlineData("""<p>signed out</p>""")]
    public void A_page_a_person_would_have_to_act_on_is_not_posted(string html) =>
        Assert.False(AutoPostForm.TryParse(html, Page, out _));

    [Fact]
    public void A_form_without_an_action_posts_back_to_its_page()
    {
        Assert.True(AutoPostForm.TryParse("""<form method="post"></form><script>document.forms[0].submit()</script>""", Page, out var form));
        Assert.Equal(Page, form.Action);
    }
}
