using DocStream.MongoEmulator.Aggregation;
using DocStream.MongoEmulator.Commands;
using MongoDB.Bson;

namespace DocStream.MongoEmulator.Tests;

/// <summary>
/// One expression of each operator family, compiled and evaluated without a server: each family is reached through
/// the compiler's dispatch and answers as MongoDB does for these inputs.
/// </summary>
public sealed class ExpressionOperatorTests
{
    private static readonly BsonDocument Line = new()
    {
        { "Quantity", 6 },
        { "UnitPrice", 2.55 },
        { "Description", "WHITE HANGING HEART" },
        { "InvoiceDate", new BsonDateTime(new DateTime(2010, 12, 1, 8, 26, 0, DateTimeKind.Utc)) },
        { "Tags", new BsonArray { "a", "b", "c" } },
    };

    private static BsonValue? Evaluate(string expression) => ExpressionCompiler.Compile(BsonDocument.Parse($"{{ e: {expression} }}")["e"])(Line);

    public static TheoryData<string, BsonValue> Expressions => new()
    {
        { """{ $literal: "$Quantity" }""", "$Quantity" },
        { """{ $sum: [1, 2, "$Quantity"] }""", 9 },
        { """{ $subtract: ["$Quantity", 1] }""", 5 },
        { """{ $round: [{ $multiply: ["$Quantity", "$UnitPrice"] }, 1] }""", 15.3 },
        { """{ $mod: [7, 4] }""", 3L },
        { """{ $switch: { branches: [{ case: { $gt: ["$Quantity", 10] }, then: "many" }], default: "few" } }""", "few" },
        { """{ $cond: [{ $and: [{ $eq: ["$Quantity", 6] }, { $not: [false] }] }, "yes", "no"] }""", "yes" },
        { """{ $ifNull: ["$Missing", "fallback"] }""", "fallback" },
        { """{ $concat: [{ $toLower: "$Description" }, "!"] }""", "white hanging heart!" },
        { """{ $substrCP: ["$Description", 6, 7] }""", "HANGING" },
        { """{ $toString: "$Quantity" }""", "6" },
        { """{ $year: "$InvoiceDate" }""", 2010 },
        { """{ $dateToString: { format: "%Y-%m", date: "$InvoiceDate" } }""", "2010-12" },
        { """{ $size: "$Tags" }""", 3 },
        { """{ $arrayElemAt: ["$Tags", -1] }""", "c" },
        { """{ $in: ["b", "$Tags"] }""", true },
    };

    [Theory]
    [MemberData(nameof(Expressions))]
    public void Each_operator_family_evaluates_as_MongoDB_does(string expression, BsonValue expected) =>
        Assert.Equal(expected, Evaluate(expression));

    [Fact]
    public void An_unknown_operator_and_a_known_unsupported_one_are_told_apart()
    {
        var unknown = Assert.Throws<MongoCommandException>(() => Evaluate("""{ $noSuchThing: 1 }"""));
        var unsupported = Assert.Throws<MongoCommandException>(() => Evaluate("""{ $sqrt: 4 }"""));

        Assert.Equal(MongoErrorCodes.InvalidPipelineOperator, unknown.Code);
        Assert.Equal(MongoErrorCodes.CommandNotSupported, unsupported.Code);
    }
}
