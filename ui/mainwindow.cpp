// Stub dashboard.
#include "mainwindow.h"

#include "models/taskmodel.h"
#include "services/downloadengine.h"

#include <QApplication>
#include <QTableView>

MainWindow::MainWindow(DownloadEngine *engine, Settings *settings, QWidget *parent)
    : QMainWindow(parent), m_engine(engine), m_settings(settings)
{
    auto *view = new QTableView(this);
    view->setModel(engine->model());
    setCentralWidget(view);
}

void MainWindow::addUrls(const QList<QUrl> &urls)
{
    m_engine->addUrls(urls);
}

void MainWindow::quitCleanly()
{
    QApplication::quit();
}
