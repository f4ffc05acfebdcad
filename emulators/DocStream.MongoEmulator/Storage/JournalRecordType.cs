namespace DocStream.MongoEmulator.Storage;

/// <summary>Kinds of records in a collection's journal and snapshot files. Each sets absolute state, so replay is idempotent.</summary>
internal enum JournalRecordType : byte
{
    /// <summary>Insert or replace the document with this _id.</summary>
    Put = 1,

    /// <summary>Delete the document whose _id is in the payload { _id }.</summary>
    Delete = 2,

    /// <summary>Create the index described by the payload (an index spec).</summary>
    CreateIndex = 3,

    /// <summary>Drop the index named in the payload { name }.</summary>
    DropIndex = 4,
}
