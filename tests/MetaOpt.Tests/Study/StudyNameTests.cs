namespace MetaOpt.Tests;

/// <summary>Study names end up in file paths and terminals: the rules that keep both safe.</summary>
public class StudyNameTests
{
    [Theory]
    [InlineData("", "must not be empty or blank")]
    [InlineData("   ", "must not be empty or blank")]
    [InlineData(" lead", "must not start or end with whitespace")]
    [InlineData("trail\t", "must not contain control characters")]
    [InlineData("../../x", "must not contain '/' or '\\'")]
    [InlineData("a\\b", "must not contain '/' or '\\'")]
    [InlineData(".", "must not be '.' or '..'")]
    [InlineData("..", "must not be '.' or '..'")]
    [InlineData("two\nlines", "'two\\nlines'")]
    [InlineData("red\u001b[31m", "'red\\u001b[31m'")]
    public void BadNamesAreRefusedNamingTheRuleAndTheEscapedName(string name, string expected)
    {
        var storage = new InMemoryStorage();

        var error = Assert.Throws<ArgumentException>(() => Study.CreateOrLoad(name, new StudyOptions { Storage = storage }));

        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotContain('\u001b', error.Message);
        Assert.Empty(storage.GetAllStudies());
    }

    [Fact]
    public void ANameLongerThanTheLimitIsRefusedAndOneAtTheLimitAccepted()
    {
        var error = Assert.Throws<ArgumentException>(() => Study.Create(new string('a', Study.MaxNameLength + 1)));
        Assert.Contains($"at most {Study.MaxNameLength} characters long (it has {Study.MaxNameLength + 1})", error.Message);

        Assert.Equal(Study.MaxNameLength, Study.Create(new string('a', Study.MaxNameLength)).Name.Length);
    }

    [Theory]
    [InlineData("synthetic-cold-start")]
    [InlineData("lr sweep (v2), 10 epochs")]
    [InlineData("étude-ü")]
    [InlineData("a.b")]
    public void OrdinaryNamesAreAccepted(string name) => Study.ValidateName(name);
}
