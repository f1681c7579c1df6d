using System.Text.Json;
using MetaOpt.TestSupport;

namespace MetaOpt.Dashboard.Tests;

/// <summary>The pages write numbers, booleans and durations as the launcher and the reports do (the engine's ValueText).</summary>
public sealed class PageFormattingTests
{
    private static readonly double[] Numbers =
    [
        0, 1, -1, 0.5, 0.912345678, 123456, 1234567, 1.5e7, -2.5e-7, 1e-5, 1.23456e-5, 0.0001, 0.000123456789, 99999.95,
        3.14159265358979, 42, 1e21, 1e-300, double.MaxValue, -0.001, 100000,
    ];

    // The largest whole number a JavaScript number holds exactly (Number.MAX_SAFE_INTEGER).
    private const double MaxSafeInteger = 9_007_199_254_740_991;

    private static readonly double[] Seconds = [0, 0.0125, 0.5, 0.99, 1, 4.2, 59.9, 60, 187.4, 3599.9, 3600, 93_900, 200_000];

    [SkippableFact]
    public async Task NumbersParametersAndDurationsReadAsTheLauncherWritesThem()
    {
        var executable = Requires.Chromium();
        using var storage = new InMemoryStorage();
        await using var host = await DashboardHost.StartAsync(storage);
        await using var browser = await HeadlessChromium.StartAsync(executable);
        await browser.NavigateAsync(host.Server.Url);
        Assert.True(await browser.WaitForAsync("typeof MO === 'object' && typeof MO.fmt === 'function'", TimeSpan.FromSeconds(60)),
            "the page never loaded common.js");

        var list = JsonSerializer.Serialize(Numbers);
        var values = await Strings(browser, $"{list}.map(v => MO.fmt(v))");
        var parameters = await Strings(browser, $"{list}.map(v => MO.fmtParam(v))");
        var durations = await Strings(browser, $"{JsonSerializer.Serialize(Seconds)}.map(s => MO.duration(s))");
        var others = await Strings(browser, "[true, false, 'adam', 7, 'NaN', 'Infinity', null].map(v => MO.fmt(v))");

        Assert.Equal(Numbers.Select(ValueText.Number), values);
        // A whole number reads as an int parameter does: JSON cannot tell 2 from 2.0 (and both read "2").
        Assert.Equal(Numbers.Select(n => double.IsInteger(n) && Math.Abs(n) <= MaxSafeInteger ? ValueText.Parameter((long)n) : ValueText.Parameter(n)), parameters);
        Assert.Equal(Seconds.Select(s => ValueText.Duration(TimeSpan.FromSeconds(s))), durations);
        Assert.Equal(
            new object[] { true, false, "adam", 7, double.NaN, double.PositiveInfinity }.Select(ValueText.Value).Append("–"),
            others);
        Assert.Empty(browser.Errors);
    }

    private static async Task<List<string>> Strings(HeadlessChromium browser, string expression) =>
        (await browser.EvaluateAsync(expression))!.AsArray().Select(v => (string)v!).ToList();
}
