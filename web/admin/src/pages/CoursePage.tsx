import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../api/client';
import { PagedTable } from '../components/PagedTable';
import { ProblemView } from '../components/ProblemView';
import { Progress } from '../components/Progress';
import { when } from '../format';

type Lesson = Schemas['AdminLessonDto'];
type Kind = Schemas['LessonKind'];

/** One course: its text, its lessons in order, a new lesson. */
export default function CoursePage() {
  const { courseId = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const course = useQuery({
    queryKey: ['course', courseId],
    queryFn: () => unwrap(api.GET('/api/learning/admin/courses/{courseId}', { params: { path: { courseId } } })),
  });
  const [title, setTitle] = useState('');
  const [summary, setSummary] = useState('');
  const [coverImageKey, setCoverImageKey] = useState('');
  useEffect(() => {
    if (!course.data) return;
    setTitle(course.data.title ?? '');
    setSummary(course.data.summary ?? '');
    setCoverImageKey(course.data.coverImageKey ?? '');
  }, [course.data]);

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ['course', courseId] });
    void queryClient.invalidateQueries({ queryKey: ['courses'] });
    void queryClient.invalidateQueries({ queryKey: ['lessons', courseId] });
  };
  const save = useMutation({
    mutationFn: () =>
      unwrap(api.PUT('/api/learning/admin/courses/{courseId}', {
        params: { path: { courseId } },
        body: { title, summary: summary.trim() || undefined, coverImageKey: coverImageKey.trim() || undefined },
      })),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/learning/admin/courses/{courseId}', { params: { path: { courseId } } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['courses'] });
      void navigate('/courses');
    },
  });

  const [lessonTitle, setLessonTitle] = useState('');
  const [kind, setKind] = useState<Kind>('VIDEO');
  const addLesson = useMutation({
    mutationFn: () =>
      unwrap(api.POST('/api/learning/admin/courses/{courseId}/lessons', { params: { path: { courseId } }, body: { title: lessonTitle, kind } })),
    onSuccess: (lesson) => {
      setLessonTitle('');
      refresh();
      void navigate(`/lessons/${lesson.id}`);
    },
  });

  return (
    <section>
      <p>
        <Link to="/courses">‹ Courses</Link>
      </p>
      <h1>{course.data?.title ?? 'Course'}</h1>
      {course.isPending && <Progress label="Loading" />}
      <ProblemView error={course.error} />
      {course.data && (
        <div className="card">
          <div className="row">
            <label>
              Title
              <input value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} />
            </label>
            <label style={{ flex: 1 }}>
              Summary
              <input value={summary} maxLength={2000} onChange={(e) => setSummary(e.target.value)} />
            </label>
            <label>
              Cover image key
              <input value={coverImageKey} maxLength={512} onChange={(e) => setCoverImageKey(e.target.value)} />
            </label>
          </div>
          <div className="row">
            <span className="badge">{course.data.published ? 'PUBLISHED' : 'UNPUBLISHED'}</span>
            <button type="button" className="primary" disabled={!title.trim() || save.isPending} onClick={() => save.mutate()}>
              Save
            </button>
            <button
              type="button"
              className="danger"
              disabled={course.data.published || remove.isPending}
              title={course.data.published ? 'Unpublish it first' : 'Delete the course and its lessons'}
              onClick={() => window.confirm('Delete this course and all its lessons?') && remove.mutate()}
            >
              Delete
            </button>
            {(save.isPending || remove.isPending) && <Progress label="Saving" />}
            {save.isSuccess && <span className="ok">Saved.</span>}
          </div>
          <ProblemView error={save.error ?? remove.error} />
        </div>
      )}

      <h2>Lessons</h2>
      <div className="card row">
        <label style={{ flex: 1 }}>
          New lesson
          <input value={lessonTitle} maxLength={200} placeholder="Title" onChange={(e) => setLessonTitle(e.target.value)} />
        </label>
        <label>
          Kind
          <select value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
            <option>VIDEO</option>
            <option>PDF</option>
            <option>ARTICLE</option>
          </select>
        </label>
        <button type="button" className="primary" disabled={!lessonTitle.trim() || addLesson.isPending} onClick={() => addLesson.mutate()}>
          Add lesson
        </button>
        {addLesson.isPending && <Progress label="Adding" />}
      </div>
      <ProblemView error={addLesson.error} />
      <PagedTable<Lesson>
        queryKey={['lessons', courseId]}
        load={async (offset, limit) =>
          (await unwrap(api.GET('/api/learning/admin/courses/{courseId}/lessons', {
            params: { path: { courseId }, query: { Offset: offset, Limit: limit } },
          }))).lessons ?? []
        }
        rowKey={(l) => l.id!}
        empty="No lesson yet."
        columns={[
          { header: '#', cell: (l) => l.sortOrder },
          { header: 'Title', cell: (l) => <Link to={`/lessons/${l.id}`}>{l.title}</Link> },
          { header: 'Kind', cell: (l) => l.kind },
          { header: 'Media', cell: (l) => (l.mediaKey ? <code>{l.mediaContentType}</code> : '—') },
          { header: 'Premium', cell: (l) => (l.premium ? 'yes' : 'no') },
          { header: 'State', cell: (l) => <span className="badge">{l.published ? 'PUBLISHED' : 'UNPUBLISHED'}</span> },
          { header: 'Updated', cell: (l) => when(l.updatedAt) },
        ]}
      />
    </section>
  );
}
