using System.Globalization;

namespace MetaOpt.Launcher.Tests;

/// <summary>Generated data in MovieLens 100K's format, for tests that run the MovieLens studies (tests never read MovieLens itself).</summary>
internal static class MovieLensFiles
{
    /// <summary>The occupations of <see cref="Write"/>'s users, in u.occupation's order.</summary>
    public static readonly string[] Occupations = ["student", "writer", "engineer"];

    /// <summary>Writes 80 users (ages 18 to 67) with 26 to 34 ratings each of 40 items, ratings from a fixed-seed taste model, into <paramref name="dir"/>.</summary>
    public static string Write(string dir)
    {
        var random = new Random(5);
        File.WriteAllLines(Path.Combine(dir, "u.occupation"), Occupations);
        File.WriteAllLines(Path.Combine(dir, "u.user"), Enumerable.Range(1, 80).Select(u =>
            $"{u}|{18 + random.Next(50)}|{(random.Next(2) == 0 ? "M" : "F")}|{Occupations[random.Next(3)]}|{random.Next(10)}0000"));
        var genres = Enumerable.Range(1, 40).Select(_ => random.Next(19)).ToArray();
        File.WriteAllLines(Path.Combine(dir, "u.item"), Enumerable.Range(1, 40).Select(i =>
            $"{i}|Item {i} (19{60 + i % 40})|01-Jan-19{60 + i % 40}||http://x|" + string.Join('|', Enumerable.Range(0, 19).Select(g => g == genres[i - 1] ? "1" : "0"))));
        var lines = new List<string>();
        for (var u = 1; u <= 80; u++)
        {
            var bias = random.NextDouble() * 2 - 1;
            var items = Enumerable.Range(1, 40).OrderBy(_ => random.Next()).Take(26 + random.Next(9));
            var time = 880000000L + u * 10000;
            foreach (var i in items)
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"{u}\t{i}\t{Math.Clamp((int)Math.Round(3 + bias + (genres[i - 1] % 3 - 1) * 0.8 + random.NextDouble() - 0.5), 1, 5)}\t{time += 1 + random.Next(100)}"));
        }
        File.WriteAllLines(Path.Combine(dir, "u.data"), lines);
        return dir;
    }

    /// <summary>The ids of <see cref="Write"/>'s users whose u.user line <paramref name="keep"/> accepts (fields: id, age, gender, occupation, zip).</summary>
    public static IReadOnlyList<int> Users(string dir, Func<string[], bool> keep) =>
        File.ReadLines(Path.Combine(dir, "u.user")).Select(l => l.Split('|')).Where(keep).Select(f => int.Parse(f[0], CultureInfo.InvariantCulture)).ToList();
}
