using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace MetaOpt.Studies.CommandLine;

/// <summary>
/// The one way the launcher and the commands of the studies read numeric options: the value is parsed and
/// range-checked in the option's own parser, so a bad value is a parse error naming it and the allowed range (a
/// validator reading a failed value would throw).
/// </summary>
public static class NumberOptions
{
    /// <summary><c>--seed S</c>, a whole number from 0, default 0.</summary>
    public static Option<int> Seed(string description) => Whole("--seed", description, 0, int.MaxValue, 0, "S");

    /// <summary>A whole-number option with a default.</summary>
    public static Option<int> Whole(string name, string description, int minimum, int maximum, int defaultValue, string helpName = "N") =>
        new(name)
        {
            Description = description,
            HelpName = helpName,
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result => ParseWhole(result, minimum, maximum) ?? defaultValue,
        };

    /// <summary>A whole-number option that is null when not given (the caller picks the default).</summary>
    public static Option<int?> OptionalWhole(string name, string description, int minimum, int maximum, string helpName = "N") =>
        new(name)
        {
            Description = description,
            HelpName = helpName,
            CustomParser = result => ParseWhole(result, minimum, maximum),
        };

    /// <summary>A real-number option with a default, from <paramref name="low"/> (excluded when <paramref name="lowExcluded"/>) to <paramref name="high"/>.</summary>
    public static Option<double> Real(string name, string description, double defaultValue, double low, double high, bool lowExcluded = false, string helpName = "X") =>
        new(name)
        {
            Description = description,
            HelpName = helpName,
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result =>
            {
                var text = Token(result);
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                    && (lowExcluded ? value > low : value >= low) && value <= high)
                    return value;
                result.AddError(Invalid(result, text, lowExcluded
                    ? string.Create(CultureInfo.InvariantCulture, $"use a number above {low} and at most {high}")
                    : string.Create(CultureInfo.InvariantCulture, $"use a number from {low} to {high}")));
                return defaultValue;
            },
        };

    /// <summary>The one-line error of a bad option value: the option, the value as typed, and what is allowed.</summary>
    public static string Invalid(ArgumentResult result, string text, string allowed) =>
        $"invalid {OptionName(result)} '{text}': {allowed}";

    private static int? ParseWhole(ArgumentResult result, int minimum, int maximum)
    {
        var text = Token(result);
        // Read as a long so that a value just past the range gets the range message, not a format one.
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= minimum && value <= maximum)
            return (int)value;
        result.AddError(Invalid(result, text,
            string.Create(CultureInfo.InvariantCulture, $"use a whole number from {minimum} to {maximum}")));
        return null;
    }

    private static string Token(ArgumentResult result) => result.Tokens.Count == 0 ? "" : result.Tokens[^1].Value;

    private static string OptionName(ArgumentResult result) =>
        result.Parent is OptionResult option ? option.Option.Name : result.Argument.Name;
}
