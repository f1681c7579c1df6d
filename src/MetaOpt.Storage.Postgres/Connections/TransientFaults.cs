using System.Net.Sockets;
using Npgsql;

namespace MetaOpt.Storages.Postgres.Connections;

/// <summary>Which failures are worth retrying: the server restarting or unreachable, a broken connection, a lost race.</summary>
internal static class TransientFaults
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
}
