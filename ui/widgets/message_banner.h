#pragma once

#include <QFrame>

class QLabel;
class QToolButton;

namespace facecase::ui {

// An inline message bar at the top of a view, for what went wrong (red: a photo that could not
// be read, models that did not load) or a short notice (blue: "only the first of 3 dropped files
// was opened"). Never modal: the analyst reads it while working and dismisses it with the close
// button or Esc.
class MessageBanner : public QFrame {
    Q_OBJECT

public:
    enum class Kind { Error, Info };

    explicit MessageBanner(QWidget* parent = nullptr);

    void showMessage(Kind kind, const QString& text);
    void showError(const QString& text) { showMessage(Kind::Error, text); }
    void showInfo(const QString& text) { showMessage(Kind::Info, text); }
    Kind kind() const { return m_kind; }
    QString text() const;

public slots:
    void dismiss();
    // An error is over once a later action of its view succeeds, so a stale one must not sit
    // above a result; a notice stays until it is dismissed or replaced.
    void clearError();

signals:
    void dismissed();

private:
    Kind m_kind = Kind::Info;
    QLabel* m_icon = nullptr;
    QLabel* m_text = nullptr;
    QToolButton* m_close = nullptr;
};

}  // namespace facecase::ui
