namespace MetaOpt.Tests;

public class ValueTextTests
{
    [Theory]
    [InlineData(3.0, "3")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(0.912345678, "0.912346")]
    [InlineData(0.000123456789, "0.000123457")]
    [InlineData(1e-7, "1E-07")]
    [InlineData(1234567.0, "1.23457E+06")]
    [InlineData(-1234567.0, "-1.23457E+06")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    [InlineData(double.NegativeInfinity, "-Infinity")]
    public void NumberSixSignificantDigitsInvariant(double value, string text) => Assert.Equal(text, ValueText.Number(value));

    [Theory]
    [InlineData(3.0, "3")]
    [InlineData(0.00123456, "0.001235")]
    [InlineData(-98765.4, "-9.877E+04")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.NegativeInfinity, "-Infinity")]
    public void ParameterFourSignificantDigits(double value, string text) => Assert.Equal(text, ValueText.Parameter(value));

    [Fact]
    public void ValueOfEachKindReadsTheSameInEveryCulture()
    {
        var culture = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            // A culture with a decimal comma and another minus sign; built by hand, as the tests may run without ICU.
            var comma = (System.Globalization.CultureInfo)System.Globalization.CultureInfo.InvariantCulture.Clone();
            comma.NumberFormat.NumberDecimalSeparator = ",";
            comma.NumberFormat.NegativeSign = "\u2212";
            System.Globalization.CultureInfo.CurrentCulture = comma;
            Assert.Equal("0.912346", ValueText.Value(0.912345678));
            Assert.Equal("0.001235", ValueText.Parameter(0.00123456));
            Assert.Equal("true", ValueText.Value(true));
            Assert.Equal("false", ValueText.Parameter(false));
            Assert.Equal("1.5", ValueText.Value(1.5f));
            Assert.Equal("-42", ValueText.Parameter(-42L));
            Assert.Equal("maml", ValueText.Parameter("maml"));
            Assert.Equal("4.2 s", ValueText.Duration(TimeSpan.FromSeconds(4.2)));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = culture;
        }
    }

    [Theory]
    [InlineData(0.0125, "12.5 ms")]
    [InlineData(0.0, "0 ms")]
    [InlineData(4.2, "4.2 s")]
    [InlineData(187.0, "3 min 07 s")]
    [InlineData(2 * 3600 + 5 * 60 + 30, "2 h 05 min")]
    [InlineData(86_400 + 2 * 3600 + 5 * 60, "26 h 05 min")]
    public void DurationInWordsToTheUnitThatMatters(double seconds, string text) =>
        Assert.Equal(text, ValueText.Duration(TimeSpan.FromSeconds(seconds)));

    [Theory]
    [InlineData(0.4, "00:00")]
    [InlineData(7.0, "00:07")]
    [InlineData(187.0, "03:07")]
    [InlineData(3 * 3600, "3:00:00")]
    [InlineData(86_400 + 2 * 3600 + 5 * 60 + 9, "26:05:09")]
    public void ClockMinutesAndSecondsThenHours(double seconds, string text) =>
        Assert.Equal(text, ValueText.Clock(TimeSpan.FromSeconds(seconds)));
}
