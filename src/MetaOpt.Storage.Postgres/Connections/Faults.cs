using System.Net.Sockets;
using Npgsql;

namespace MetaOpt.Storages.Postgres.Connections;

/// <summary>
/// Which failures are worth retrying (the server restarting or unreachable, a broken connection, a lost race) and
/// which are the user's setup, that no retry fixes.
/// </summary>
internal static class Faults
{
    public static bool IsTransient(Exception e) => e switch
    {
        // admin_shutdown, crash_shutdown, cannot_connect_now (starting or stopping), too many connections,
        // serialization failure, deadlock, and the connection exception class 08.
        PostgresException p => p.IsTransient
                               || p.SqlState is "57P01" or "57P02" or "57P03" or "53300" or "40001" or "40P01"
                               || p.SqlState.StartsWith("08", StringComparison.Ordinal),
        NpgsqlException n => n.IsTransient || n.InnerException is IOException or SocketException or TimeoutException,
        IOException or SocketException or TimeoutException => true,
        _ => false,
    };

    /// <summary>
    /// The one line for a failure of the setup (an unknown host, SSL the server does not offer, a refused login, a
    /// missing database or privilege, a connection Npgsql refuses to make), or null for any other failure. Npgsql's own
    /// refusals count only while <paramref name="opening"/> the connection; later they are the work's. An unknown host
    /// counts only until the storage has <paramref name="connectedBefore"/>.
    /// </summary>
    public static string? SetupProblem(Exception e, string location, SslMode sslMode, bool opening, bool connectedBefore) => e switch
    {
        // invalid_authorization_specification (28000: no such role, 28P01: wrong password), no such database, no privilege.
        PostgresException p when p.SqlState.StartsWith("28", StringComparison.Ordinal) || p.SqlState is "3D000" or "42501" =>
            $"the {location} refused MetaOpt: {p.MessageText}",
        // A name that does not resolve: a retry would ask the same resolver the same question.
        NpgsqlException { InnerException: SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData } s } when !connectedBefore =>
            $"cannot find the host of the {location} ({s.Message}): check the host name in the URL",
        // Npgsql's own refusals to connect (SSL, an authentication method it cannot do): not a network failure.
        NpgsqlException n and not PostgresException when opening && !IsTransient(n) => sslMode >= SslMode.Require && n.Message.Contains("SSL", StringComparison.Ordinal)
            ? $"the {location} does not offer SSL, which the URL requires (sslmode={ConnectionStrings.NameOf(sslMode)}): remove sslmode from the URL or enable SSL on the server"
            : $"cannot connect to the {location}: {n.Message.ReplaceLineEndings(" ")}",
        _ => null,
    };
}
