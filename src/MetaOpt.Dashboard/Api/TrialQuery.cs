using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace MetaOpt.Dashboard.Api;

/// <summary>
/// One page of a study's trial table, chosen on the server so a page of 50 rows costs the same at 10,000 trials:
/// <c>state=complete,pruned</c>, <c>param=NAME</c> with <c>min=</c>/<c>max=</c> (numeric) or <c>value=</c>
/// (categorical), <c>sort=number|value|duration|state|configuration|param:NAME</c>
/// (<c>configuration</c>: a configuration's first trial and its repeats together, by repeat index), <c>order=asc|desc</c>, <c>offset=</c>, <c>limit=</c>.
/// </summary>
internal sealed record TrialQuery
{
    public const int MaxLimit = 1000;

    public IReadOnlySet<TrialState>? States { get; init; }
    public string? Param { get; init; }
    public double? Min { get; init; }
    public double? Max { get; init; }
    public string? Value { get; init; }
    public string Sort { get; init; } = "number";
    public bool Descending { get; init; }
    public int Offset { get; init; }
    public int Limit { get; init; } = 50;

    /// <summary>Reads the query string; the error names the bad value and what is allowed.</summary>
    public static (TrialQuery? Query, string? Error) Parse(IQueryCollection query)
    {
        HashSet<TrialState>? states = null;
        if (query["state"].ToString() is { Length: > 0 } stateList)
        {
            states = [];
            foreach (var word in stateList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!Enum.TryParse<TrialState>(word, ignoreCase: true, out var state) || !Enum.IsDefined(state))
                    return (null, $"unknown state '{word}': use waiting, running, complete, pruned or failed");
                states.Add(state);
            }
        }
        var sort = query["sort"].ToString() is { Length: > 0 } s ? s : "number";
        if (sort is not ("number" or "value" or "duration" or "state" or "configuration") && !(sort.StartsWith("param:", StringComparison.Ordinal) && sort.Length > 6))
            return (null, $"unknown sort '{sort}': use number, value, duration, state, configuration or param:NAME");
        var order = query["order"].ToString();
        if (order is not ("" or "asc" or "desc"))
            return (null, $"unknown order '{order}': use asc or desc");

        string? error = null;
        var result = new TrialQuery
        {
            States = states,
            Param = query["param"].ToString() is { Length: > 0 } p ? p : null,
            Min = Number(query, "min", ref error),
            Max = Number(query, "max", ref error),
            Value = query["value"].ToString() is { Length: > 0 } v ? v : null,
            Sort = sort,
            Descending = order == "desc",
            Offset = Integer(query, "offset", 0, 0, int.MaxValue, ref error),
            Limit = Integer(query, "limit", 50, 1, MaxLimit, ref error),
        };
        if (error is null && result.Param is null && (result.Min is not null || result.Max is not null || result.Value is not null))
            error = "min, max and value filter a parameter: add param=NAME";
        return error is null ? (result, null) : (null, error);
    }

    /// <summary>The trials that pass the filters, sorted; missing sort keys (no value, no such parameter) go last.</summary>
    public IReadOnlyList<FrozenTrial> Apply(IReadOnlyList<FrozenTrial> trials)
    {
        IEnumerable<FrozenTrial> selected = trials;
        if (States is { } states)
            selected = selected.Where(t => states.Contains(t.State));
        if (Param is { } name)
            selected = selected.Where(t => t.Params.TryGetValue(name, out var v) && Matches(v));
        var key = SortKey();
        var present = selected.Where(t => key(t) is not null);
        var ordered = Descending
            ? present.OrderByDescending(key, KeyComparer.Instance).ThenByDescending(t => t.Number)
            : present.OrderBy(key, KeyComparer.Instance).ThenBy(t => t.Number);
        return ordered.Concat(selected.Where(t => key(t) is null).OrderBy(t => t.Number)).ToList();
    }

    /// <summary>
    /// A categorical value as <c>value=</c> names it, and as the page lists the choices: the text of its JSON value
    /// (booleans <c>true</c>/<c>false</c>, numbers in full), which the page matches a trial's parameter against.
    /// </summary>
    public static string Label(object value) => value is bool ? ValueText.Value(value) : Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";

    private bool Matches(object paramValue)
    {
        if (Value is { } wanted)
            return string.Equals(Label(paramValue), wanted, StringComparison.Ordinal);
        if (paramValue is string)
            return Min is null && Max is null;
        var x = Convert.ToDouble(paramValue, CultureInfo.InvariantCulture);
        return (Min is not { } lo || x >= lo) && (Max is not { } hi || x <= hi);
    }

    private Func<FrozenTrial, IComparable?> SortKey() => Sort switch
    {
        "number" => t => t.Number,
        "value" => t => t.Value,
        "duration" => t => t.Duration,
        "state" => t => t.State.ToString(),
        "configuration" => t => (t.Configuration, t.Repeat),
        _ => t => t.Params.GetValueOrDefault(Sort[6..]) switch
        {
            null => null,
            string text => text,
            var number => Convert.ToDouble(number, CultureInfo.InvariantCulture),
        },
    };

    private static double? Number(IQueryCollection query, string name, ref string? error)
    {
        var text = query[name].ToString();
        if (text.Length == 0)
            return null;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
            return value;
        error ??= $"{name} must be a number, not '{text}'";
        return null;
    }

    private static int Integer(IQueryCollection query, string name, int fallback, int min, int max, ref string? error)
    {
        var text = query[name].ToString();
        if (text.Length == 0)
            return fallback;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            return value;
        error ??= $"{name} must be an integer from {min} to {max}, not '{text}'";
        return fallback;
    }

    /// <summary>Orders keys of one column; a parameter column mixing numbers and text puts numbers first.</summary>
    private sealed class KeyComparer : IComparer<IComparable?>
    {
        public static readonly KeyComparer Instance = new();

        public int Compare(IComparable? x, IComparable? y) =>
            x is null || y is null ? (x is null).CompareTo(y is null)
            : x.GetType() == y.GetType() ? x.CompareTo(y)
            : (x is string).CompareTo(y is string);
    }
}
