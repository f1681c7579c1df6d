using System.Net;
using System.Reflection;
using System.Text.Json.Nodes;

namespace MetaOpt.Dashboard.Tests;

/// <summary>
/// A storage that does not answer (a database being retried) or fails: the API answers 503 with a JSON error after a
/// bounded wait, holds one read against it rather than one per request, and answers again once the storage does.
/// </summary>
public sealed class StorageDownTests : IAsyncLifetime
{
    private readonly InMemoryStorage _storage = new();
    private readonly StallingStorage _stalling = new();
    private DashboardServer? _server;
    private HttpClient? _client;

    public Task InitializeAsync()
    {
        _storage.CreateStudy("watched", Direction.Minimize);
        SyntheticStudy.AddFinished(_storage, "watched", 10);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _stalling.Gate.Set();
        _client?.Dispose();
        if (_server is not null)
            await _server.DisposeAsync();
        _storage.Dispose();
    }

    private async Task Serve(TimeSpan storageWait)
    {
        _server = await DashboardServer.StartAsync(StallingStorage.Over(_storage, _stalling),
            new DashboardOptions { Port = 0, StorageWait = storageWait });
        _client = new HttpClient { BaseAddress = _server.Url };
    }

    [Fact]
    public async Task AStorageThatDoesNotAnswerGets503WithAJsonErrorAndThenTheAnswerOnceItDoes()
    {
        await Serve(TimeSpan.FromMilliseconds(200));
        _stalling.Gate.Reset();

        var (status, error) = await Get("/api/studies");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("the storage did not answer within 0.2 s; it may be down or restarting: this page tries again", error);
        // While that read waits, the others do not start another one.
        Assert.Equal((HttpStatusCode.ServiceUnavailable, error), await Get("/api/studies/watched/trials"));
        Assert.Equal((HttpStatusCode.ServiceUnavailable, error), await Get("/api/studies/watched"));
        Assert.Equal(1, _stalling.Calls);

        _stalling.Gate.Set();
        // The read that waited finishes in the background; a request then reads again.
        for (var tries = 0; tries < 100 && status != HttpStatusCode.OK; tries++)
        {
            await Task.Delay(50);
            (status, _) = await Get("/api/studies/watched");
        }
        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task AStorageThatFailsGets503WithItsMessage()
    {
        // A wait that a busy machine cannot outlast: the failure, not the wait, must give the answer.
        await Serve(TimeSpan.FromMinutes(1));
        _stalling.Failure = new IOException("the database said no");

        Assert.Equal((HttpStatusCode.ServiceUnavailable, "the storage cannot be read: the database said no"), await Get("/api/studies"));

        _stalling.Failure = null;
        Assert.Equal(HttpStatusCode.OK, (await Get("/api/studies")).Status);
    }

    private async Task<(HttpStatusCode Status, string? Error)> Get(string path)
    {
        using var response = await _client!.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, response.IsSuccessStatusCode ? null : (string?)JsonNode.Parse(body)!["error"]);
    }

    /// <summary>A storage whose reads wait for <see cref="Gate"/>, or throw <see cref="Failure"/>, counting the calls.</summary>
    public class StallingStorage : DispatchProxy
    {
        private IStorage _inner = null!;
        private StallingStorage _control = null!;
        private int _calls;

        public ManualResetEventSlim Gate { get; } = new(true);

        public Exception? Failure { get; set; }

        public int Calls => _calls;

        public static IStorage Over(IStorage inner, StallingStorage control)
        {
            var proxy = ReadOnlyStorage.Over(inner);
            var stalling = Create<IStorage, StallingStorage>();
            ((StallingStorage)(object)stalling)._inner = proxy;
            ((StallingStorage)(object)stalling)._control = control;
            return stalling;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            Interlocked.Increment(ref _control._calls);
            _control.Gate.Wait();
            if (_control.Failure is { } failure)
                throw failure;
            try
            {
                return targetMethod!.Invoke(_inner, args);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                throw e.InnerException;
            }
        }
    }
}
