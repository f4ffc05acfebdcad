using DocStream.Dashboard.Data;

namespace DocStream.Dashboard.Tests;

public class DisplayFormatTests
{
    [Theory]
    [InlineData("1234.5", "£1,234.50")]
    [InlineData("-11062.06", "-£11,062.06")]
    [InlineData("0", "£0.00")]
    public void Money_is_written_in_pounds_with_thousands_separators(string value, string expected) =>
        Assert.Equal(expected, DisplayFormat.Money(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void A_unit_price_keeps_its_third_decimal() => Assert.Equal("£0.001", DisplayFormat.Price(0.001m));

    [Fact]
    public void Dates_are_written_day_month_name_year_so_they_cannot_be_misread() =>
        Assert.Equal("1 Dec 2010 08:26", DisplayFormat.Date(new DateTime(2010, 12, 1, 8, 26, 0, DateTimeKind.Utc)));

    [Fact]
    public void Large_amounts_are_shortened_for_chart_labels()
    {
        Assert.Equal("£8.19m", DisplayFormat.MoneyShort(8_187_806.36m));
        Assert.Equal("£46.1k", DisplayFormat.MoneyShort(46_051.26m));
        Assert.Equal("-£120", DisplayFormat.MoneyShort(-120m));
    }
}
