using Npgsql;

namespace MetaOpt.Storages.Postgres.Connections;

/// <summary>Turns a <c>postgresql://user:password@host:port/database?key=value</c> URL into Npgsql's keyword form.</summary>
internal static class ConnectionStrings
{
    /// <summary>Whether <paramref name="text"/> is a PostgreSQL URL rather than a keyword connection string.</summary>
    public static bool IsUrl(string text) =>
        text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase);

    /// <summary>The keyword form of a URL, or of a keyword string as it is (checked by Npgsql).</summary>
    /// <exception cref="ArgumentException">The URL or one of its query keys is not valid.</exception>
    public static NpgsqlConnectionStringBuilder Parse(string text)
    {
        if (!IsUrl(text))
            return new NpgsqlConnectionStringBuilder(text);
        // A raw '@' in the password is the password's own, as Redacted reads it: escaped, Uri reads it so too.
        var at = UserInfoEnd(text);
        var escaped = at < 0 ? text : text[..Scheme(text)] + text[Scheme(text)..at].Replace("@", "%40", StringComparison.Ordinal) + text[at..];
        if (!Uri.TryCreate(escaped, UriKind.Absolute, out var url) || string.IsNullOrEmpty(url.Host))
            throw new ArgumentException($"'{Redacted(text)}' is not a PostgreSQL URL of the form postgresql://user:password@host:5432/database.");
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = url.Host,
            Port = url.IsDefaultPort || url.Port < 0 ? 5432 : url.Port,
        };
        var database = Uri.UnescapeDataString(url.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
            builder.Database = database;
        if (url.UserInfo.Length > 0)
        {
            var colon = url.UserInfo.IndexOf(':');
            builder.Username = Uri.UnescapeDataString(colon < 0 ? url.UserInfo : url.UserInfo[..colon]);
            if (colon >= 0)
                builder.Password = Uri.UnescapeDataString(url.UserInfo[(colon + 1)..]);
        }
        foreach (var pair in url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            var key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..]);
            if (key == "sslmode")
            {
                builder.SslMode = SslModes.FirstOrDefault(m => string.Equals(m.Name, value, StringComparison.OrdinalIgnoreCase)) is ({ }, var mode)
                    ? mode
                    : throw new ArgumentException($"sslmode must be {string.Join(", ", SslModes.Select(m => m.Name))}, not '{value}'");
                continue;
            }
            if (!builder.ContainsKey(KeyOf(key)))
                throw new ArgumentException($"unknown option '{key}' (libpq's sslmode, application_name, connect_timeout or an Npgsql keyword)");
            try
            {
                builder[KeyOf(key)] = value;
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"'{value}' is not a valid {key}", e);
            }
        }
        return builder;
    }

    /// <summary>An SSL mode as a URL spells it (libpq's names), for messages.</summary>
    public static string NameOf(SslMode mode) => SslModes.First(m => m.Mode == mode).Name;

    /// <summary>libpq's <c>sslmode</c> values, which Npgsql's enum spells without the hyphen.</summary>
    private static readonly (string Name, SslMode Mode)[] SslModes =
    [
        ("disable", SslMode.Disable), ("allow", SslMode.Allow), ("prefer", SslMode.Prefer), ("require", SslMode.Require),
        ("verify-ca", SslMode.VerifyCA), ("verify-full", SslMode.VerifyFull),
    ];

    /// <summary>
    /// The text without its password, for messages: the user-info password (up to the last <c>@</c> of the authority,
    /// so a raw <c>@</c> in it is hidden whole) and the value of any query key Npgsql reads as the password.
    /// </summary>
    public static string Redacted(string text)
    {
        if (IsUrl(text))
            return RedactedUrl(text);
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(text);
            if (builder.Password is not null)
                builder.Password = "***";
            return builder.ConnectionString;
        }
        catch (ArgumentException)
        {
            return "(an unreadable connection string)";
        }
    }

    private static string RedactedUrl(string text)
    {
        var scheme = Scheme(text);
        var at = UserInfoEnd(text);
        var query = text.IndexOf('?', Math.Max(at, scheme));
        var colon = at > scheme ? text.IndexOf(':', scheme, at - scheme) : -1;
        var masked = colon >= 0 ? text[..(colon + 1)] + "***" + text[at..(query < 0 ? text.Length : query)] : text[..(query < 0 ? text.Length : query)];
        if (query < 0)
            return masked;
        var pairs = text[(query + 1)..].Split('&').Select(pair =>
        {
            var equals = pair.IndexOf('=');
            return equals >= 0 && IsPasswordKey(pair[..equals]) ? pair[..(equals + 1)] + "***" : pair;
        });
        return masked + "?" + string.Join('&', pairs);
    }

    private static int Scheme(string text) => text.IndexOf("://", StringComparison.Ordinal) + 3;

    /// <summary>
    /// Where the user info of a URL ends: its last '@' before the query, or -1 when it has none. A '?' with no '/'
    /// before it is inside the user info (a password's), so then the last '@' of all ends it.
    /// </summary>
    private static int UserInfoEnd(string text)
    {
        var scheme = Scheme(text);
        var query = text.IndexOf('?', scheme);
        if (query >= 0 && text.IndexOf('/', scheme, query - scheme) < 0)
            query = -1;
        var at = query < 0 ? text.LastIndexOf('@') : text.LastIndexOf('@', query);
        return at >= scheme ? at : -1;
    }

    /// <summary>Whether Npgsql reads a URL query key as the password (Password, PWD... in any case), as <see cref="Parse"/> would set it.</summary>
    private static bool IsPasswordKey(string key)
    {
        const string marker = "password";
        var builder = new NpgsqlConnectionStringBuilder { Password = marker };
        return builder.TryGetValue(KeyOf(Uri.UnescapeDataString(key)), out var value) && Equals(value, marker);
    }

    /// <summary>libpq's URL keys that Npgsql spells otherwise.</summary>
    private static string KeyOf(string key) => key switch
    {
        "application_name" => "Application Name",
        "connect_timeout" => "Timeout",
        _ => key,
    };
}
