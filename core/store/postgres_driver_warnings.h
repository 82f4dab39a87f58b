#pragma once

namespace facecase {

// Qt's QPSQL driver prepares every statement on the server and DEALLOCATEs it when the
// QSqlQuery goes away. After a failed statement a PostgreSQL transaction stays aborted until
// ROLLBACK, and FaceCase's Transaction rolls back when it goes out of scope -- after the
// queries declared inside it. Their DEALLOCATE then fails and the driver logs "Unable to free
// statement: ERROR:  current transaction is aborted" for an error FaceCase has already
// reported with its own message. (The statement lives on with the session: a few bytes on the
// server per failed transaction, gone when the connection closes.)
//
// Installs, once per process, a message handler in front of the current one that drops exactly
// that warning and passes everything else on. Called by DatabaseConnection when it opens a
// PostgreSQL connection. Thread-safe.
void silenceAbortedTransactionDeallocateWarnings();

}  // namespace facecase
