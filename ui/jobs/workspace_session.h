#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <memory>

#include "store/workspace.h"
#include "types/result.h"

namespace facecase::ui {

class DatabaseWorker;

// The workspace the window works in: a folder or an agency database (postgresql://…). open()
// runs Workspace::open (which may create the folder, migrate the schema, find the file damaged
// or wait for the database server: I/O and SQL) on a background thread, never on the GUI
// thread, then starts the DatabaseWorker every view submits its queries to and reports
// opened(); or failed() with a message naming the folder or URL; or passwordNeeded() when the
// server wants a password that PGPASSWORD and ~/.pgpass did not give (ask, then open() again
// with it). Opening another workspace replaces the current one; a superseded open's result is
// dropped.
//
// GUI thread only. The destructor waits for an open in flight (bounded by a schema migration)
// and shuts the worker down, which finishes its queued tasks.
class WorkspaceSession : public QObject {
    Q_OBJECT

public:
    enum class State { Closed, Opening, Open, Failed };

    explicit WorkspaceSession(QObject* parent = nullptr);
    ~WorkspaceSession() override;

    // `password`: what the analyst typed for a PostgreSQL login; kept in memory only (the
    // worker's later connections need it), never in settings.
    void open(const QString& folder, const QString& password = {});
    void close();

    State state() const { return m_state; }
    bool isOpen() const { return m_state == State::Open; }
    // The folder last asked for, as given.
    QString requestedFolder() const { return m_requested; }
    // Null unless open.
    DatabaseWorker* worker() const { return m_worker.get(); }
    QString errorMessage() const { return m_error; }

signals:
    void opening(const QString& folder);
    // `folder` is the workspace's canonical path, or its URL (no password).
    void opened(const QString& folder);
    void failed(const QString& message);
    // The server asks for the password of the login in `location` (state() is Failed).
    void passwordNeeded(const QString& location, const QString& message);
    // The worker is about to go: views drop what they loaded through it.
    void closing();

private:
    void onOpened();

    State m_state = State::Closed;
    QString m_requested;
    QString m_error;
    QFutureWatcher<Result<Workspace>> m_opening;
    std::unique_ptr<DatabaseWorker> m_worker;
};

}  // namespace facecase::ui
