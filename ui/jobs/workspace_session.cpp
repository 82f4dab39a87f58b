#include "jobs/workspace_session.h"

#include <QDir>
#include <QtConcurrent/QtConcurrentRun>
#include <exception>

#include "jobs/database_worker.h"
#include "store/workspace_location.h"

namespace facecase::ui {

WorkspaceSession::WorkspaceSession(QObject* parent) : QObject(parent) {
    connect(&m_opening, &QFutureWatcherBase::finished, this, &WorkspaceSession::onOpened);
}

WorkspaceSession::~WorkspaceSession() {
    // An open in flight may be migrating the schema; let it finish rather than leave its
    // thread working on a folder nobody owns any more (its result is dropped with us).
    // (Only while running: takeResult() resets a finished future, which then never reports
    // finished again.)
    if (m_opening.isRunning()) m_opening.waitForFinished();
    m_worker.reset();
}

void WorkspaceSession::open(const QString& folder, const QString& password) {
    close();
    m_requested = folder;
    m_state = State::Opening;
    m_error.clear();
    emit opening(folder);
    // A URL is not a path: QDir::cleanPath would make "postgresql://host/db" into
    // "postgresql:/host/db", and Workspace::open could no longer say what it was given.
    const QString path =
        WorkspaceLocation::looksLikeUrl(folder) ? folder.trimmed() : QDir::cleanPath(folder);
    // A new future replaces the watcher's previous one, whose result is then never delivered.
    m_opening.setFuture(QtConcurrent::run([path, password]() -> Result<Workspace> {
        try {
            auto location = WorkspaceLocation::parse(path);
            if (!location) return location.error();
            return Workspace::open(password.isEmpty() ? *location : location->withPassword(password));
        } catch (const std::exception& e) {
            return Error::internal(QStringLiteral("%1: cannot open the workspace (%2)")
                                       .arg(path, QString::fromLocal8Bit(e.what())));
        }
    }));
}

void WorkspaceSession::close() {
    if (m_worker) {
        emit closing();
        m_worker.reset();
    }
    m_state = State::Closed;
}

void WorkspaceSession::onOpened() {
    if (m_state != State::Opening) return;  // closed meanwhile
    Result<Workspace> workspace = m_opening.future().takeResult();
    if (!workspace) {
        m_state = State::Failed;
        m_error = workspace.errorMessage();
        if (workspace.error().kind == Error::Kind::PasswordNeeded) {
            emit passwordNeeded(m_requested, m_error);
            return;
        }
        // Workspace::open names the folder in its messages ("<folder>: ..."); say that it is
        // the workspace that failed, for a reader who never chose one. It always names a URL
        // (without a password, which the text as given might hold).
        if (!WorkspaceLocation::looksLikeUrl(m_requested) &&
            !m_error.contains(QDir::cleanPath(m_requested))) {
            m_error = tr("%1: %2").arg(QDir::toNativeSeparators(m_requested), m_error);
        }
        emit failed(m_error);
        return;
    }
    m_worker = std::make_unique<DatabaseWorker>(std::move(workspace).value());
    m_state = State::Open;
    const Workspace& opened = m_worker->workspace();
    emit this->opened(opened.isPostgres() ? opened.databasePath() : opened.folder());
}

}  // namespace facecase::ui
