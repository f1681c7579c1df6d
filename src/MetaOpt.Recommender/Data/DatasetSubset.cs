using System.Globalization;

namespace MetaOpt.Recommender;

/// <summary>
/// A part of a MovieLens dataset, as a related task for transfer: the users of an age group, gender or occupation
/// (with their ratings), or the ratings of a part of the dataset's time span. Written as comma-separated clauses,
/// all of which must hold:
/// <list type="bullet">
/// <item><c>age:&lt;N</c>, <c>age:&gt;=N</c>: N one of the age-group bounds 18, 25, 35, 45, 50, 56 (the loaders keep the
/// group, <see cref="FeatureBuckets.Age"/>, and ML-1M records only the group).</item>
/// <item><c>gender:M</c>, <c>gender:F</c>.</item>
/// <item><c>occupation:NAME</c>, <c>occupation:!NAME</c>: a name of <see cref="RatingDataset.Occupations"/> (case ignored), or every other.</item>
/// <item><c>time:&lt;F</c>, <c>time:&gt;=F</c>: the ratings before (from) the fraction F, between 0 and 1 exclusive, of
/// the span from the dataset's first rating to its last.</item>
/// </list>
/// Example: <c>age:&lt;25,gender:F</c>, or <c>time:&gt;=0.5</c> for the later half.
/// </summary>
public sealed class DatasetSubset
{
    /// <summary>The age-group bounds an <c>age</c> clause may name.</summary>
    public static IReadOnlyList<int> AgeBounds { get; } = [18, 25, 35, 45, 50, 56];

    // Both demographic readers lay a user's codes out as age group, gender, occupation, zip bucket.
    private const int AgeField = 0, GenderField = 1, OccupationField = 2;

    private const string Syntax =
        "clauses age:<N or age:>=N (N one of 18, 25, 35, 45, 50, 56), gender:M|F, occupation:NAME or occupation:!NAME, time:<F or time:>=F (0 < F < 1), separated by commas";

    private readonly IReadOnlyList<Clause> _clauses;

    private DatasetSubset(string text, IReadOnlyList<Clause> clauses)
    {
        Text = text;
        _clauses = clauses;
    }

    /// <summary>The clauses as parsed, comma-separated without blanks: the subset's name in a study's records.</summary>
    public string Text { get; }

    /// <inheritdoc/>
    public override string ToString() => Text;

    /// <summary>Reads a subset written as the class describes.</summary>
    /// <exception cref="ArgumentException">A clause that is not one of the forms; the message names it and the forms allowed.</exception>
    public static DatasetSubset Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var clauses = new List<Clause>();
        foreach (var part in parts)
            clauses.Add(ParseClause(part) ?? throw new ArgumentException($"subset '{text}': clause '{part}' is not one of the forms: {Syntax}.", nameof(text)));
        return new DatasetSubset(string.Join(",", clauses.Select(c => c.Text)), clauses);
    }

    private static Clause? ParseClause(string part)
    {
        var colon = part.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
            return null;
        var field = part[..colon].Trim().ToLowerInvariant();
        var condition = part[(colon + 1)..].Trim();
        var below = condition.StartsWith('<');
        var bound = condition.StartsWith(">=", StringComparison.Ordinal) ? condition[2..] : below ? condition[1..] : null;
        switch (field)
        {
            case "age" when bound is not null && int.TryParse(bound, NumberStyles.None, CultureInfo.InvariantCulture, out var age) && AgeBounds.Contains(age):
                var group = FeatureBuckets.Age(age);
                return new Clause($"age:{(below ? "<" : ">=")}{age}", ClauseKind.User, (codes, _) => below == codes[AgeField] < group);
            case "gender" when condition.ToUpperInvariant() is "M" or "F":
                var gender = condition.ToUpperInvariant() == "M" ? 0 : 1;
                return new Clause($"gender:{condition.ToUpperInvariant()}", ClauseKind.User, (codes, _) => codes[GenderField] == gender);
            case "occupation" when condition.TrimStart('!').Trim().Length > 0:
                var negated = condition.StartsWith('!');
                var name = condition.TrimStart('!').Trim();
                return new Clause($"occupation:{(negated ? "!" : "")}{name}", ClauseKind.User, (codes, occupations) =>
                    negated != string.Equals(occupations[codes[OccupationField]], name, StringComparison.OrdinalIgnoreCase))
                {
                    Occupation = name,
                };
            case "time" when bound is not null
                && double.TryParse(bound, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var fraction) && fraction is > 0 and < 1:
                return new Clause($"time:{(below ? "<" : ">=")}{fraction.ToString(CultureInfo.InvariantCulture)}", ClauseKind.Time, null) { Fraction = fraction, Below = below };
            default:
                return null;
        }
    }

    /// <summary>
    /// The part of <paramref name="data"/> this subset describes: the users every user clause accepts, with their
    /// ratings that every time clause accepts; the items stay (their content and indices are the dataset's). Its
    /// name says the subset, and its <see cref="DatasetStatistics"/> are the part's.
    /// </summary>
    /// <exception cref="ArgumentException">A user clause on data without demographics, an occupation the data does not
    /// list, or a subset that keeps no rating; the message names what is allowed.</exception>
    public RatingDataset Apply(RatingDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var userClauses = _clauses.Where(c => c.Kind == ClauseKind.User).ToList();
        if (userClauses.Count > 0 && data.Occupations.Count == 0)
            throw new ArgumentException(
                $"subset '{Text}': '{data.Name}' has no user demographics (age, gender, occupation); only time clauses apply to it.", nameof(data));
        foreach (var clause in userClauses.Where(c => c.Occupation is { } name && !data.Occupations.Contains(name, StringComparer.OrdinalIgnoreCase)))
            throw new ArgumentException(
                $"subset '{Text}': '{data.Name}' has no occupation '{clause.Occupation}'; its occupations are {string.Join(", ", data.Occupations)}.", nameof(data));

        var users = data.Users.Where(u => userClauses.All(c => c.AcceptsUser!(u.Value, data.Occupations))).ToDictionary(u => u.Key, u => u.Value);
        var ratings = data.Ratings.Where(r => users.ContainsKey(r.UserId));
        if (data.Ratings.Count > 0)
        {
            long first = data.Ratings.Min(r => r.Timestamp), last = data.Ratings.Max(r => r.Timestamp);
            foreach (var clause in _clauses.Where(c => c.Kind == ClauseKind.Time))
            {
                // The cut is a point of the whole dataset's span, so "<F" and ">=F" split it into two disjoint parts.
                var cut = first + clause.Fraction * (last - first);
                ratings = ratings.Where(r => clause.Below == r.Timestamp < cut);
            }
        }
        var kept = ratings.ToList();
        if (kept.Count == 0)
            throw new ArgumentException($"subset '{Text}' keeps no rating of '{data.Name}'.", nameof(data));
        var rated = kept.Select(r => r.UserId).ToHashSet();
        return data with
        {
            Name = $"{data.Name} [subset {Text}]",
            Users = users.Where(u => rated.Contains(u.Key)).ToDictionary(),
            Ratings = kept,
        };
    }

    private enum ClauseKind
    {
        User,
        Time,
    }

    private sealed record Clause(string Text, ClauseKind Kind, Func<int[], IReadOnlyList<string>, bool>? AcceptsUser)
    {
        public string? Occupation { get; init; }

        public double Fraction { get; init; }

        public bool Below { get; init; }
    }
}
