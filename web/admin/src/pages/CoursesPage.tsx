import { useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../api/client';
import { PagedTable } from '../components/PagedTable';
import { ProblemView } from '../components/ProblemView';
import { Progress } from '../components/Progress';
import { when } from '../format';

type Course = Schemas['AdminCourseDto'];

/** Courses in the learners' order: create one, publish or unpublish it, open it to write its lessons. */
export default function CoursesPage() {
  const queryClient = useQueryClient();
  const [title, setTitle] = useState('');
  const [summary, setSummary] = useState('');
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['courses'] });

  const create = useMutation({
    mutationFn: () => unwrap(api.POST('/api/learning/admin/courses', { body: { title, summary: summary.trim() || undefined } })),
    onSuccess: () => {
      setTitle('');
      setSummary('');
      void refresh();
    },
  });
  const toggle = useMutation({
    mutationFn: (course: Course) =>
      course.published
        ? unwrap(api.POST('/api/learning/admin/courses/{courseId}/unpublish', { params: { path: { courseId: course.id! } } }))
        : unwrap(api.POST('/api/learning/admin/courses/{courseId}/publish', { params: { path: { courseId: course.id! } } })),
    onSuccess: () => void refresh(),
  });

  return (
    <section>
      <h1>Courses</h1>
      <div className="card">
        <h2 style={{ marginTop: 0 }}>New course</h2>
        <div className="row">
          <label>
            Title
            <input value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} />
          </label>
          <label style={{ flex: 1 }}>
            Summary
            <input value={summary} maxLength={2000} onChange={(e) => setSummary(e.target.value)} />
          </label>
          <button type="button" className="primary" disabled={!title.trim() || create.isPending} onClick={() => create.mutate()}>
            Create
          </button>
          {create.isPending && <Progress label="Creating" />}
        </div>
        <ProblemView error={create.error} />
        {create.data && (
          <div className="ok" role="status">
            Created <Link to={`/courses/${create.data.id}`}>{create.data.title}</Link> (unpublished): add its lessons.
          </div>
        )}
      </div>
      <ProblemView error={toggle.error} />
      <PagedTable<Course>
        queryKey={['courses']}
        load={async (offset, limit) =>
          (await unwrap(api.GET('/api/learning/admin/courses', { params: { query: { Offset: offset, Limit: limit } } }))).courses ?? []
        }
        rowKey={(c) => c.id!}
        empty="No course yet."
        columns={[
          { header: '#', cell: (c) => c.sortOrder },
          { header: 'Title', cell: (c) => <Link to={`/courses/${c.id}`}>{c.title}</Link> },
          { header: 'Lessons', cell: (c) => `${c.publishedLessonCount} of ${c.lessonCount} published` },
          { header: 'State', cell: (c) => <span className="badge">{c.published ? 'PUBLISHED' : 'UNPUBLISHED'}</span> },
          { header: 'Created', cell: (c) => when(c.createdAt) },
          {
            header: '',
            cell: (c) => (
              <button type="button" disabled={toggle.isPending} onClick={() => toggle.mutate(c)}>
                {c.published ? 'Unpublish' : 'Publish'}
              </button>
            ),
          },
        ]}
      />
    </section>
  );
}
