import { createBrowserRouter, RouterProvider } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ApiError } from './api/client';
import { AuthProvider } from './auth/AuthProvider';
import { RequireAuth } from './auth/RequireAuth';
import { Layout } from './components/Layout';
import CallbackPage from './pages/CallbackPage';
import DashboardPage from './pages/DashboardPage';
import QuestionsPage from './pages/QuestionsPage';
import QuestionPage from './pages/QuestionPage';
import PoolsPage from './pages/PoolsPage';
import ExamsPage from './pages/ExamsPage';
import ExamPage from './pages/ExamPage';
import RankingsPage from './pages/RankingsPage';
import RankingPage from './pages/RankingPage';
import RewardsPage from './pages/RewardsPage';
import CouponsPage from './pages/CouponsPage';
import BroadcastsPage from './pages/BroadcastsPage';
import CoursesPage from './pages/CoursesPage';
import CoursePage from './pages/CoursePage';
import LessonPage from './pages/LessonPage';
import LearnersPage from './pages/LearnersPage';
import LearnerPage from './pages/LearnerPage';
import AuditPage from './pages/AuditPage';
import NotFoundPage from './pages/NotFoundPage';

const queryClient = new QueryClient({
  defaultOptions: {
    // A 4xx is an answer, not a blip: retry only what may pass on a second try.
    queries: {
      retry: (count, error) => count < 2 && !(error instanceof ApiError && error.problem.status >= 400 && error.problem.status < 500),
      staleTime: 5_000,
    },
  },
});

// Client routes under /admin/: the gateway answers every one of them with index.html.
const router = createBrowserRouter(
  [
    { path: '/callback', element: <CallbackPage /> },
    {
      element: (
        <RequireAuth>
          <Layout />
        </RequireAuth>
      ),
      children: [
        { index: true, element: <DashboardPage /> },
        { path: 'questions', element: <QuestionsPage /> },
        { path: 'questions/:questionId', element: <QuestionPage /> },
        { path: 'pools', element: <PoolsPage /> },
        { path: 'exams', element: <ExamsPage /> },
        { path: 'exams/:examId', element: <ExamPage /> },
        { path: 'rankings', element: <RankingsPage /> },
        { path: 'rankings/:examId', element: <RankingPage /> },
        { path: 'rewards', element: <RewardsPage /> },
        { path: 'coupons', element: <CouponsPage /> },
        { path: 'broadcasts', element: <BroadcastsPage /> },
        { path: 'courses', element: <CoursesPage /> },
        { path: 'courses/:courseId', element: <CoursePage /> },
        { path: 'lessons/:lessonId', element: <LessonPage /> },
        { path: 'learners', element: <LearnersPage /> },
        { path: 'learners/:learnerId', element: <LearnerPage /> },
        { path: 'audit', element: <AuditPage /> },
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ],
  { basename: '/admin' },
);

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <AuthProvider>
        <RouterProvider router={router} />
      </AuthProvider>
    </QueryClientProvider>
  );
}
