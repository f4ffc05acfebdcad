using Xunit;

namespace DocStream.EndToEnd.Tests.Infrastructure;

/// <summary>One running AppHost shared by the end-to-end tests (starting it takes tens of seconds).</summary>
[CollectionDefinition(Name)]
public sealed class DocStreamCollection : ICollectionFixture<DocStreamApp>
{
    public const string Name = "DocStream app";
}
