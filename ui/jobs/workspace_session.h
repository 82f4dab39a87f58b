#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <memory>

#include "store/workspace.h"
#include "types/result.h"

namespace facecase::ui {

class DatabaseWorker;

// The workspace the window works in. open() runs Workspace::open (which may create the folder,
// migrate the schema or find the file damaged: file I/O and SQL) on a background thread, never
// on the GUI thread, then starts the DatabaseWorker every view submits its queries to and
// reports opened(); or failed() with a message naming the folder. Opening another folder
// replaces the current one; a superseded open's result is dropped.
//
// GUI thread only. The destructor waits for an open in flight (bounded by a schema migration)
// and shuts the worker down, which finishes its queued tasks.
class WorkspaceSession : public QObject {
    Q_OBJECT

public:
    enum class State { Closed, Opening, Open, Failed };

    explicit WorkspaceSession(QObject* parent = nullptr);
    ~WorkspaceSession() override;

    void open(const QString& folder);
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
    // `folder` is the workspace's canonical path.
    void opened(const QString& folder);
    void failed(const QString& message);
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
