namespace MetaOpt.Studies;

/// <summary>
/// The names of the members of one kind of component (samplers, pruners): one name per member, plus old names kept
/// as aliases so that command lines and stored studies that use them still work.
/// </summary>
/// <typeparam name="TKind">The enum whose members are named.</typeparam>
public sealed class NamedKinds<TKind> where TKind : struct, Enum
{
    private readonly string _what;
    private readonly (TKind Kind, string Name)[] _entries;

    // what: the thing named, in the singular ("sampler"), for messages.
    internal NamedKinds(string what, (TKind Kind, string Name)[] entries, IReadOnlyDictionary<string, string>? aliases = null)
    {
        _what = what;
        _entries = entries;
        Names = entries.Select(e => e.Name).ToArray();
        Aliases = aliases ?? new Dictionary<string, string>();
    }

    /// <summary>Every name, in the order a listing shows them.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Old names, each with the name it stands for.</summary>
    public IReadOnlyDictionary<string, string> Aliases { get; }

    /// <summary>The name of <paramref name="kind"/>.</summary>
    public string NameOf(TKind kind) => _entries.First(e => EqualityComparer<TKind>.Default.Equals(e.Kind, kind)).Name;

    /// <summary>The member a name or an alias stands for (names are matched exactly, as they are typed and stored).</summary>
    public bool TryParse(string name, out TKind kind)
    {
        var canonical = Aliases.GetValueOrDefault(name, name);
        foreach (var entry in _entries)
        {
            if (entry.Name == canonical)
            {
                kind = entry.Kind;
                return true;
            }
        }
        kind = default;
        return false;
    }

    /// <summary>The member a name or an alias stands for.</summary>
    /// <exception cref="ArgumentException">No member has that name; the message is <see cref="Unknown"/>'s line.</exception>
    public TKind Parse(string name) => TryParse(name, out var kind) ? kind : throw new ArgumentException(Unknown(name), nameof(name));

    /// <summary>The one line saying that <paramref name="name"/> names nothing, with the names that do.</summary>
    public string Unknown(string name) => $"unknown {_what} '{name}': use one of {string.Join(", ", Names)}";

    /// <summary>The aliases as a note for help text (<c>tpegroup is an alias of tpe-group</c>); empty when there are none.</summary>
    public string AliasNote => string.Join("; ", Aliases.Select(a => $"{a.Key} is an alias of {a.Value}"));
}
