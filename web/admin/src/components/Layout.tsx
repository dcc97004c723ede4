import { NavLink, Outlet } from 'react-router';
import { useAuth } from '../auth/AuthProvider';

/** Every screen the admin works with, in the order of a day's work. */
export const screens = [
  { to: '/', label: 'Dashboard', end: true },
  { to: '/questions', label: 'Question bank' },
  { to: '/pools', label: 'Pools' },
  { to: '/exams', label: 'Exams' },
  { to: '/rankings', label: 'Rankings' },
  { to: '/rewards', label: 'Reward queue' },
  { to: '/coupons', label: 'Coupons' },
  { to: '/broadcasts', label: 'Broadcasts' },
  { to: '/courses', label: 'Courses' },
  { to: '/learners', label: 'Learners' },
  { to: '/audit', label: 'Audit log' },
];

export function Layout() {
  const { user, signOut } = useAuth();
  return (
    <div className="shell">
      <nav className="sidebar" aria-label="Screens">
        <div className="brand">Learning admin</div>
        <ul>
          {screens.map((s) => (
            <li key={s.to}>
              <NavLink to={s.to} end={s.end}>
                {s.label}
              </NavLink>
            </li>
          ))}
        </ul>
        <div className="account">
          <span>{(user?.profile.email as string | undefined) ?? user?.profile.name ?? user?.profile.sub}</span>
          <button type="button" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </nav>
      <main>
        <Outlet />
      </main>
    </div>
  );
}
