using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace MetaOpt.Dashboard.Tests;

/// <summary>
/// A headless Chromium driven over the Chrome DevTools protocol: one page, whose console errors, uncaught
/// exceptions and failed loads are collected.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonNode>> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _receiving = Task.CompletedTask;
    private int _nextId;

    private HeadlessChromium(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    /// <summary>Console errors, exceptions and failed loads the page reported, in words.</summary>
    public ConcurrentQueue<string> Errors { get; } = new();

    public static async Task<HeadlessChromium> StartAsync(string executable)
    {
        var profile = Path.Combine(Path.GetTempPath(), "metaopt-chromium-" + Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--window-size=1400,1000",
                     "--remote-debugging-port=0", "--user-data-dir=" + profile, "about:blank" })
            start.ArgumentList.Add(argument);
        var chromium = new HeadlessChromium(Process.Start(start)!, profile);
        chromium._process.OutputDataReceived += (_, _) => { };
        chromium._process.BeginOutputReadLine();
        await chromium.ConnectAsync();
        return chromium;
    }

    private async Task ConnectAsync()
    {
        // Chromium prints the browser's DevTools address on stderr once it listens; pages are listed next to it.
        string? line;
        var browserUrl = (string?)null;
        while (browserUrl is null && (line = await _process.StandardError.ReadLineAsync()) is not null)
            if (line.StartsWith("DevTools listening on ", StringComparison.Ordinal))
                browserUrl = line["DevTools listening on ".Length..].Trim();
        if (browserUrl is null)
            throw new InvalidOperationException("Chromium ended without opening its DevTools port.");
        _ = _process.StandardError.ReadToEndAsync();
        var port = new Uri(browserUrl).Port;
        using var http = new HttpClient();
        var targets = JsonNode.Parse(await http.GetStringAsync($"http://127.0.0.1:{port}/json/list"))!.AsArray();
        var page = targets.First(t => (string)t!["type"]! == "page")!;
        await _socket.ConnectAsync(new Uri((string)page["webSocketDebuggerUrl"]!), CancellationToken.None);
        _receiving = ReceiveAsync();
        await SendAsync("Runtime.enable");
        await SendAsync("Log.enable");
        await SendAsync("Page.enable");
    }

    public Task NavigateAsync(Uri url) => SendAsync("Page.navigate", new JsonObject { ["url"] = url.ToString() });

    /// <summary>The value of a JavaScript expression in the page, or null when it threw.</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true });
        return result["exceptionDetails"] is null ? result["result"]?["value"]?.DeepClone() : null;
    }

    /// <summary>Evaluates <paramref name="expression"/> until it is true; false if it never was within <paramref name="patience"/>.</summary>
    public async Task<bool> WaitForAsync(string expression, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (DateTime.UtcNow < deadline)
        {
            if (await EvaluateAsync(expression) is JsonValue value && value.TryGetValue<bool>(out var ok) && ok)
                return true;
            await Task.Delay(200);
        }
        return false;
    }

    private async Task<JsonNode> SendAsync(string method, JsonObject? parameters = null)
    {
        var id = Interlocked.Increment(ref _nextId);
        var reply = new TaskCompletionSource<JsonNode>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);
        return await reply.Task.WaitAsync(TimeSpan.FromMinutes(1));
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var received = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (received.MessageType == WebSocketMessageType.Close)
                    return;
                message.Write(buffer, 0, received.Count);
                if (!received.EndOfMessage)
                    continue;
                Dispatch(JsonNode.Parse(message.ToArray())!);
                message.SetLength(0);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // The browser closed or the test ended.
        }
    }

    private void Dispatch(JsonNode message)
    {
        if (message["id"] is { } id && _pending.TryRemove((int)id, out var reply))
        {
            if (message["error"] is { } error)
                reply.SetException(new InvalidOperationException(error.ToJsonString()));
            else
                reply.SetResult(message["result"] ?? new JsonObject());
            return;
        }
        var parameters = message["params"];
        switch ((string?)message["method"])
        {
            case "Runtime.consoleAPICalled" when (string?)parameters!["type"] is "error" or "assert":
                Errors.Enqueue("console: " + parameters["args"]!.ToJsonString());
                break;
            case "Runtime.exceptionThrown":
                Errors.Enqueue("exception: " + parameters!["exceptionDetails"]!.ToJsonString());
                break;
            case "Log.entryAdded" when (string?)parameters!["entry"]!["level"] == "error":
                Errors.Enqueue("log: " + parameters["entry"]!.ToJsonString());
                break;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _receiving;
        _socket.Dispose();
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        _stop.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // A crash reporter may still hold a file; the temporary directory is cleaned by the system.
        }
    }
}
