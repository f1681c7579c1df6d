using MetaOpt.Storages.Postgres.Connections;

namespace MetaOpt.Storage.Postgres.Tests;

/// <summary>How a <c>--storage</c> URL becomes an Npgsql connection string, and how messages show it.</summary>
public sealed class ConnectionStringTests
{
    [Fact]
    public void AUrlGivesEveryPartToNpgsqlUnescaped()
    {
        var builder = ConnectionStrings.Parse("postgresql://meta%40opt:p%3Ass@db.internal:6543/studies?sslmode=require&application_name=worker");

        Assert.Equal(("db.internal", 6543, "studies"), (builder.Host, builder.Port, builder.Database));
        Assert.Equal(("meta@opt", "p:ss"), (builder.Username, builder.Password));
        Assert.Equal(Npgsql.SslMode.Require, builder.SslMode);
        Assert.Equal("worker", builder.ApplicationName);
        Assert.Equal(5432, ConnectionStrings.Parse("postgres://u@localhost/db").Port);
    }

    [Fact]
    public void MessagesShowALocationWithoutItsPassword()
    {
        Assert.Equal("postgresql://user:***@host:5432/db", PostgresStorage.WithoutPassword("postgresql://user:secret@host:5432/db"));
        Assert.Equal("postgresql://user@host/db", PostgresStorage.WithoutPassword("postgresql://user@host/db"));
        Assert.DoesNotContain("secret", PostgresStorage.WithoutPassword("Host=h;Username=u;Password=secret"));
    }

    [Theory]
    [InlineData("postgresql://user:se@cret@host:5432/db", "postgresql://user:***@host:5432/db")]
    [InlineData("postgresql://user:se@cr@et@host/db?sslmode=disable", "postgresql://user:***@host/db?sslmode=disable")]
    [InlineData("postgresql://user@host/db?Password=secret", "postgresql://user@host/db?Password=***")]
    [InlineData("postgresql://user@host/db?application_name=w&password=secret&sslmode=disable", "postgresql://user@host/db?application_name=w&password=***&sslmode=disable")]
    [InlineData("postgresql://user:s%40cret@host/db?PWD=secret", "postgresql://user:***@host/db?PWD=***")]
    [InlineData("postgresql://user:sec?ret@host/db", "postgresql://user:***@host/db")]
    [InlineData("postgresql://host:5432/db?application_name=a@b", "postgresql://host:5432/db?application_name=a@b")]
    public void MessagesHideAPasswordInTheUserInfoWholeAndInTheQuery(string url, string shown)
    {
        Assert.Equal(shown, PostgresStorage.WithoutPassword(url));
    }

    [Fact]
    public void ARawAtSignInAPasswordIsThePasswordSOwn()
    {
        var builder = ConnectionStrings.Parse("postgresql://user:se@cret@host:5432/db");

        Assert.Equal(("host", "user", "se@cret"), (builder.Host, builder.Username, builder.Password));
    }

    [Fact]
    public void OnlyPostgresUrlsNameADatabase()
    {
        Assert.True(PostgresStorage.IsUrl("postgresql://u@h/db"));
        Assert.True(PostgresStorage.IsUrl("POSTGRES://u@h/db"));
        Assert.False(PostgresStorage.IsUrl("studies.db"));
        Assert.False(PostgresStorage.IsUrl("/data/postgresql/studies.db"));
    }

    [Theory]
    [InlineData("sslmode=verify-full", "")]
    [InlineData("sslmode=VERIFY-CA", "")]
    [InlineData("sslmode=bogus", "sslmode must be disable, allow, prefer, require, verify-ca, verify-full, not 'bogus'")]
    [InlineData("no_such_key=1", "unknown option 'no_such_key' (libpq's sslmode, application_name, connect_timeout or an Npgsql keyword)")]
    [InlineData("connect_timeout=soon", "'soon' is not a valid connect_timeout")]
    public void AUrlOptionTakesLibpqsSpellingAndABadOneIsNamed(string option, string error)
    {
        var parse = () => ConnectionStrings.Parse("postgresql://u@h/db?" + option);

        if (error.Length == 0)
            Assert.Equal(option[(option.IndexOf('=') + 1)..].Replace("-", "", StringComparison.Ordinal), parse().SslMode.ToString(), ignoreCase: true);
        else
            Assert.Equal(error, Assert.Throws<ArgumentException>(parse).Message);
    }
}
